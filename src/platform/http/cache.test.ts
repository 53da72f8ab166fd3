import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinedJson, jsonPart } from './cache.js';

const items = fc.array(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  { maxLength: 8 },
);
const lang = fc.constantFrom('ja', 'en', 'zh-Hans');

const list = (l: string, parts: string[], cursor: string | null) =>
  joinedJson(
    `{"lang":${JSON.stringify(l)},"items":[`,
    parts.map(jsonPart),
    `],"nextCursor":${JSON.stringify(cursor)}}`,
  );

describe('a public answer joined from kept parts', () => {
  it('is byte for byte the JSON of the whole, as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(lang, items, fc.option(fc.string()), (l, parts, cursor) => {
        const { json } = list(l, parts, cursor);
        const whole = { lang: l, items: parts.map((p) => JSON.parse(p) as unknown), nextCursor: cursor };
        expect(json.toString()).toBe(JSON.stringify(whole));
      }),
    );
  });

  it('has the same ETag for the same bytes, and another when any part, their order or the ends change', () => {
    fc.assert(
      fc.property(lang, items, fc.option(fc.string()), (l, parts, cursor) => {
        const a = list(l, parts, cursor);
        expect(list(l, [...parts], cursor).etag).toBe(a.etag);
        expect(a.etag).toMatch(/^W\/"[\w-]{27}"$/);
        const others = [
          list(l === 'ja' ? 'en' : 'ja', parts, cursor),
          list(l, [...parts, '0'], cursor),
          list(l, parts, cursor === null ? '' : null),
        ];
        if (parts.length > 0) others.push(list(l, [...parts.slice(1), '"x"'], cursor));
        const swapped = [...parts].reverse();
        if (swapped.join('\u0000') !== parts.join('\u0000')) others.push(list(l, swapped, cursor));
        for (const other of others) {
          expect(other.json.equals(a.json)).toBe(false);
          expect(other.etag).not.toBe(a.etag);
        }
      }),
    );
  });

  it('cannot be fooled by moving bytes between a part and its neighbour', () => {
    // Same concatenated bytes, other parts: different answers (a comma moves), so different ETags.
    const a = list('ja', ['1', '23'], null);
    const b = list('ja', ['12', '3'], null);
    expect(a.json.toString()).not.toBe(b.json.toString());
    expect(a.etag).not.toBe(b.etag);
  });
});
