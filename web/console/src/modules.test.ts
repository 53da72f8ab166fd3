import { describe, expect, it } from 'vitest';
import type { Rights } from './api';
import { consoleModules, isModuleVisible } from './modules';
import { uniformRights } from './rights';

const visibleIds = (role: 'admin' | 'general', rights?: Rights) =>
  consoleModules.filter((m) => isModuleVisible(m, { role, rights: rights as Rights })).map((m) => m.id);

describe('navigation', () => {
  it('shows every module to administrators', () => {
    expect(visibleIds('admin', uniformRights('none'))).toEqual(consoleModules.map((m) => m.id));
  });

  it('hides ユーザー管理, 監査ログ and 組織設定 from general users but keeps アカウント', () => {
    const ids = visibleIds('general', uniformRights('publish'));
    expect(ids).not.toContain('users');
    expect(ids).not.toContain('auditLog');
    expect(ids).not.toContain('settings');
    expect(ids).toContain('account');
    expect(ids).toContain('dashboard');
  });

  it('shows content modules only with at least the view right', () => {
    const rights: Rights = { ...uniformRights('none'), spots: 'view', analytics: 'none', campaigns: 'edit' };
    expect(visibleIds('general', rights)).toEqual(['dashboard', 'spots', 'rally', 'account']);
    const none: Rights = { ...uniformRights('none'), spots: 'view' };
    expect(visibleIds('general', none)).not.toContain('rally');
  });

  it('lists スタンプラリー, now that its screens are built, under the campaigns right', () => {
    expect(consoleModules.find((m) => m.id === 'rally')).toMatchObject({ path: 'rally', right: 'campaigns' });
  });

  it('leaves the decision to the server when rights are missing from the answer', () => {
    expect(visibleIds('general', undefined)).toContain('spots');
  });
});

describe('routes', () => {
  it('serves the audit log at /audit', () => {
    expect(consoleModules.find((m) => m.id === 'auditLog')?.path).toBe('audit');
  });
});
