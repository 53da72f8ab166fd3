import { describe, expect, it } from 'vitest';
import {
  auditActionLabel,
  auditDetailsText,
  auditFilterIssues,
  auditQueryString,
  auditTargetLabel,
  EMPTY_AUDIT_FILTERS,
} from './audit-log';
import { en, ja } from './test-tables';

describe('auditQueryString', () => {
  it('sends the JST period as UTC instants, the end day included', () => {
    const query = new URLSearchParams(
      auditQueryString({ ...EMPTY_AUDIT_FILTERS, fromDate: '2025-04-01', toDate: '2025-04-30' }),
    );
    expect(query.get('from')).toBe('2025-03-31T15:00:00.000Z');
    expect(query.get('to')).toBe('2025-04-30T15:00:00.000Z');
  });

  it('sends the category prefix, actor, outcome and the cursor; leaves out empty filters', () => {
    expect(
      auditQueryString(
        { ...EMPTY_AUDIT_FILTERS, action: 'auth.', actorId: 'u-1', outcome: 'failure' },
        { before: 120, limit: 100 },
      ),
    ).toBe('action=auth.&actorId=u-1&outcome=failure&before=120&limit=100');
    expect(auditQueryString(EMPTY_AUDIT_FILTERS)).toBe('');
  });

  it('never sends an action the API would refuse', () => {
    expect(auditQueryString({ ...EMPTY_AUDIT_FILTERS, action: 'Auth%' })).toBe('');
  });
});

describe('auditFilterIssues', () => {
  it('flags impossible dates and a reversed period', () => {
    expect(auditFilterIssues({ ...EMPTY_AUDIT_FILTERS, fromDate: '2025-02-30' })).toEqual({ fromDate: true });
    expect(
      auditFilterIssues({ ...EMPTY_AUDIT_FILTERS, fromDate: '2025-05-01', toDate: '2025-04-01' }),
    ).toEqual({
      order: true,
    });
    expect(
      auditFilterIssues({ ...EMPTY_AUDIT_FILTERS, fromDate: '2025-04-01', toDate: '2025-04-01' }),
    ).toEqual({});
  });
});

describe('auditActionLabel', () => {
  it('names known actions in Japanese and English', () => {
    expect(auditActionLabel('auth.sign_in', ja)).toBe('ログイン');
    expect(auditActionLabel('http.forbidden', ja)).toBe('権限のない操作');
    expect(auditActionLabel('audit.exported', en)).toBe('Audit log exported to CSV');
  });

  it('names content actions from their kind and step', () => {
    expect(auditActionLabel('content.spot.published', ja)).toBe('観光スポットの公開');
    expect(auditActionLabel('content.course.restored', ja)).toBe('モデルコースの版の復元');
    expect(auditActionLabel('content.event.created', en)).toBe('Event created');
  });

  it('is undefined for actions it does not know (the raw code is shown)', () => {
    expect(auditActionLabel('media.uploaded', ja)).toBeUndefined();
    expect(auditActionLabel('content.stamp.published', ja)).toBeUndefined();
  });
});

describe('labels and details', () => {
  it('names target types, unknown ones as written', () => {
    expect(auditTargetLabel('user', ja)).toBe('ユーザー');
    expect(auditTargetLabel('widget', ja)).toBe('widget');
  });

  it('shows details as indented JSON, nothing when empty', () => {
    expect(auditDetailsText({})).toBe('');
    expect(auditDetailsText({ rows: 3 })).toBe('{\n  "rows": 3\n}');
  });
});
