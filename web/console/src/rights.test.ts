import { describe, expect, it } from 'vitest';
import { RIGHT_MODULES, type Rights } from './api';
import {
  allows,
  moduleLevel,
  normaliseRights,
  rightLevelKeys,
  rightModuleKeys,
  rightsEqual,
  rightsSummary,
  uniformRights,
} from './rights';
import { en, ja } from './test-tables';

describe('rightsSummary', () => {
  it('lists the modules a general user may use, in matrix order', () => {
    const rights: Rights = { ...uniformRights('none'), events: 'edit', spots: 'publish', analytics: 'view' };
    expect(rightsSummary('general', rights, ja)).toBe(
      '観光スポット:公開 / イベント:編集 / アクセス解析:閲覧',
    );
    expect(rightsSummary('general', rights, en)).toBe(
      'Tourist spots: Publish / Events: Edit / Analytics: View',
    );
  });

  it('says 全権限（管理者） for administrators whatever their stored rights', () => {
    expect(rightsSummary('admin', uniformRights('none'), ja)).toBe('全権限（管理者）');
    expect(rightsSummary('admin', uniformRights('view'), en)).toBe('All rights (administrator)');
  });

  it('says 権限なし when every module is none', () => {
    expect(rightsSummary('general', uniformRights('none'), ja)).toBe('権限なし');
  });
});

describe('normaliseRights', () => {
  it('keeps known levels and fills the rest with none', () => {
    expect(normaliseRights({ spots: 'edit', media: 'superuser', extra: 'publish' })).toEqual({
      ...uniformRights('none'),
      spots: 'edit',
    });
  });

  it('treats a missing answer as no rights', () => {
    expect(normaliseRights(undefined)).toEqual(uniformRights('none'));
    expect(normaliseRights(null)).toEqual(uniformRights('none'));
  });
});

describe('rights helpers', () => {
  it('orders levels none < view < edit < publish', () => {
    expect(allows('publish', 'edit')).toBe(true);
    expect(allows('edit', 'edit')).toBe(true);
    expect(allows('view', 'edit')).toBe(false);
    expect(allows('none', 'view')).toBe(false);
  });

  it('compares rights per module', () => {
    expect(rightsEqual(uniformRights('view'), uniformRights('view'))).toBe(true);
    expect(rightsEqual(uniformRights('view'), { ...uniformRights('view'), site: 'edit' })).toBe(false);
  });

  it('names the nine modules of the matrix as the manual does', () => {
    expect(RIGHT_MODULES.map((m) => ja(rightModuleKeys[m]))).toEqual([
      '観光スポット',
      'イベント',
      'モデルコース',
      '特集記事',
      'メディア',
      'スタンプラリー',
      'アクセス解析',
      'サイト設定',
      'サポート窓口',
    ]);
    expect(Object.values(rightLevelKeys).map((k) => ja(k))).toEqual(['なし', '閲覧', '編集', '公開']);
  });
});

describe('moduleLevel', () => {
  it('gives administrators every right, whatever the answer says', () => {
    expect(moduleLevel({ role: 'admin', rights: uniformRights('none') }, 'spots')).toBe('publish');
  });

  it('reads a general user’s right, none when missing', () => {
    expect(
      moduleLevel({ role: 'general', rights: { ...uniformRights('none'), events: 'edit' } }, 'events'),
    ).toBe('edit');
    expect(moduleLevel({ role: 'general', rights: undefined }, 'spots')).toBe('none');
  });
});
