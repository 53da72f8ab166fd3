import { describe, expect, it } from 'vitest';
import { livePageUrl } from './view-on-site';

describe('livePageUrl', () => {
  it('is the public page of the kind, in the language, on this host', () => {
    expect(livePageUrl('demo', 'spot', 'abc', 'en')).toBe('/s/demo/en/spots/abc');
    expect(livePageUrl('demo', 'article', 'x y')).toBe('/s/demo/ja/articles/x%20y');
  });
});
