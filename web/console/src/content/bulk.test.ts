import { describe, expect, it } from 'vitest';
import { actionsFor, BULK_ACTIONS, chunked, parseTagList } from './bulk';

describe('bulk actions', () => {
  it('offer publish and unpublish only with the publish right, and categories only where there are some', () => {
    // Spots have categories: with the publish right every action, in the menu's order.
    expect(actionsFor('spot', true)).toEqual([...BULK_ACTIONS]);
    expect(actionsFor('spot', false)).not.toContain('publish');
    expect(actionsFor('spot', false)).not.toContain('unpublish');
    expect(actionsFor('course', true)).not.toContain('setCategory');
  });

  it('send the selection in requests of at most the chunk size, in order', () => {
    const list = Array.from({ length: 250 }, (_, i) => i);
    const parts = chunked(list, 100);
    expect(parts.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(parts.flat()).toEqual(list);
    expect(chunked([], 100)).toEqual([]);
  });

  it('read tags separated by 、 or commas, without empties or repeats', () => {
    expect(parseTagList(' 桜、春,夜桜 ，桜,, ')).toEqual(['桜', '春', '夜桜']);
    expect(parseTagList('')).toEqual([]);
  });
});
