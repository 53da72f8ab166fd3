import { describe, expect, it } from 'vitest';
import { EMPTY_LIST_FILTERS, listQueryString } from './content-api';

describe('listQueryString', () => {
  it('sends search, filters, the updated period in UTC and the cursor', () => {
    const query = new URLSearchParams(
      listQueryString(
        {
          q: ' きよみず ',
          category: 'temple-shrine',
          tag: '桜',
          status: 'published',
          updatedFromDate: '2025-04-01',
          updatedToDate: '2025-04-01',
        },
        { cursor: 'abc', limit: 50 },
      ),
    );
    expect(Object.fromEntries(query)).toEqual({
      q: 'きよみず',
      category: 'temple-shrine',
      tag: '桜',
      status: 'published',
      updatedFrom: '2025-03-31T15:00:00.000Z',
      updatedTo: '2025-04-01T15:00:00.000Z',
      cursor: 'abc',
      limit: '50',
    });
  });

  it('is empty without filters', () => {
    expect(listQueryString(EMPTY_LIST_FILTERS)).toBe('');
  });
});
