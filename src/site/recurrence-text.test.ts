import { describe, expect, it } from 'vitest';
import { recurrenceText } from './recurrence-text.js';

describe('recurring event rules in words', () => {
  it('says weekly and monthly rules in every site language', () => {
    expect(recurrenceText('ja', 'FREQ=WEEKLY;BYDAY=SA')).toBe('毎週土曜');
    expect(recurrenceText('en', 'FREQ=WEEKLY;BYDAY=SA')).toBe('Every Saturday');
    expect(recurrenceText('zh-Hans', 'FREQ=WEEKLY;BYDAY=SA')).toBe('每周六');
    expect(recurrenceText('zh-Hant', 'FREQ=WEEKLY;BYDAY=SA')).toBe('每週六');
    expect(recurrenceText('ko', 'FREQ=WEEKLY;BYDAY=SA')).toBe('매주 토요일');
    expect(recurrenceText('ja', 'FREQ=WEEKLY;BYDAY=SA,SU')).toBe('毎週土曜・日曜');
    expect(recurrenceText('en', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO')).toBe('Every 2 weeks on Monday');
    expect(recurrenceText('ja', 'FREQ=MONTHLY;BYDAY=2SU')).toBe('毎月第2日曜');
    expect(recurrenceText('en', 'FREQ=MONTHLY;BYDAY=2SU')).toBe('The second Sunday of every month');
    expect(recurrenceText('ja', 'FREQ=MONTHLY;BYDAY=-1FR')).toBe('毎月最終金曜');
    expect(recurrenceText('ko', 'FREQ=MONTHLY;BYMONTHDAY=15')).toBe('매월 15일');
  });

  it('says nothing for rules it cannot put simply, or no rule', () => {
    expect(recurrenceText('ja', undefined)).toBeNull();
    expect(recurrenceText('ja', 'FREQ=YEARLY')).toBeNull();
    expect(recurrenceText('en', 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1')).toBeNull();
  });
});
