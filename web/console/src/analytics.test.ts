import { describe, expect, it } from 'vitest';
import { analyticsCsvUrl, lastDays, rangeIssues, share, shortDay, titleIn } from './analytics';

describe('analytics range', () => {
  it('the last n days end today in Japan', () => {
    // 2026-05-01 23:30 UTC is already 2 May in Japan.
    const now = Date.parse('2026-05-01T23:30:00Z');
    expect(lastDays(30, now)).toEqual({ from: '2026-04-03', to: '2026-05-02' });
    expect(lastDays(1, now)).toEqual({ from: '2026-05-02', to: '2026-05-02' });
  });

  it('names the field at fault: bad dates, reversed order, more than 366 days', () => {
    expect(rangeIssues({ from: '2026-05-01', to: '2026-05-31' })).toEqual({});
    expect(rangeIssues({ from: '2026-02-30', to: '2026-05-31' })).toEqual({ from: 'invalid' });
    expect(rangeIssues({ from: '2026-05-01', to: '' })).toEqual({ to: 'invalid' });
    expect(rangeIssues({ from: '2026-05-02', to: '2026-05-01' })).toEqual({ to: 'order' });
    expect(rangeIssues({ from: '2025-01-02', to: '2026-01-02' })).toEqual({});
    expect(rangeIssues({ from: '2025-01-01', to: '2026-01-02' })).toEqual({ from: 'tooLong' });
  });

  it('builds the export link', () => {
    expect(analyticsCsvUrl({ from: '2026-05-01', to: '2026-05-31' })).toBe(
      '/api/v1/analytics/export.csv?from=2026-05-01&to=2026-05-31',
    );
  });
});

describe('analytics figures', () => {
  it('shares, titles and day labels', () => {
    expect(share(1, 3)).toBe('33.3%');
    expect(share(2, 2)).toBe('100%');
    expect(share(5, 0)).toBe('0%');
    expect(titleIn({ ja: '清水寺', en: 'Kiyomizu-dera' }, 'en')).toBe('Kiyomizu-dera');
    expect(titleIn({ ja: '祇園祭' }, 'en')).toBe('祇園祭');
    expect(titleIn(null, 'ja')).toBeUndefined();
    expect(shortDay('2026-05-09')).toBe('5/9');
  });
});
