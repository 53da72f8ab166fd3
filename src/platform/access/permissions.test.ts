import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { type Actor, ANONYMOUS, systemActor } from './actor.js';
import { accountChecks, permissionChecks } from './context.js';
import {
  ADMIN_AREAS,
  actorCan,
  CONTENT_MODULES,
  LEVELS,
  type Level,
  OPS_PERMISSIONS,
  type Permission,
  type Rights,
} from './permissions.js';

const admin: Actor = { type: 'user', id: 'a', org: 'test-town', role: 'admin' };
const general: Actor = { type: 'user', id: 'g', org: 'test-town', role: 'general' };
const OPS: Permission[] = [...OPS_PERMISSIONS];
const operator: Actor = { type: 'operator', id: 'o', rights: [...OPS, 'ops:everything'] };
const GRANTABLE = LEVELS.filter((level) => level !== 'none') as Exclude<Level, 'none'>[];

describe('actorCan: the permission model', () => {
  it('a general user holds a content permission exactly when the granted level reaches it', () => {
    for (const module of CONTENT_MODULES) {
      for (const held of LEVELS) {
        for (const need of GRANTABLE) {
          const expected = LEVELS.indexOf(held) >= LEVELS.indexOf(need);
          const rights: Rights = { [module]: held };
          expect(actorCan(general, rights, `${module}:${need}`), `${held} → ${module}:${need}`).toBe(
            expected,
          );
        }
      }
    }
  });

  it('a right in one module gives nothing in another', () => {
    for (const module of CONTENT_MODULES) {
      const rights: Rights = { [module]: 'publish' };
      for (const other of CONTENT_MODULES.filter((m) => m !== module))
        for (const need of GRANTABLE) expect(actorCan(general, rights, `${other}:${need}`)).toBe(false);
    }
  });

  it('a general user without rights (or with none given) holds nothing', () => {
    for (const module of CONTENT_MODULES)
      for (const need of GRANTABLE) {
        expect(actorCan(general, undefined, `${module}:${need}`)).toBe(false);
        expect(actorCan(general, {}, `${module}:${need}`)).toBe(false);
      }
  });

  it('admins hold every content permission by role, whatever their stored rights say', () => {
    for (const module of CONTENT_MODULES)
      for (const need of GRANTABLE) {
        expect(actorCan(admin, undefined, `${module}:${need}`)).toBe(true);
        expect(actorCan(admin, { [module]: 'none' }, `${module}:${need}`)).toBe(true);
      }
  });

  it('admin areas are for admins only and can never be granted to general users', () => {
    const everything = Object.fromEntries(CONTENT_MODULES.map((m) => [m, 'publish'])) as Rights;
    const smuggled = { ...everything, users: 'publish', logs: 'publish', organisation: 'publish' } as Rights;
    for (const area of ADMIN_AREAS) {
      expect(actorCan(admin, undefined, `${area}:manage`)).toBe(true);
      expect(actorCan(general, everything, `${area}:manage`)).toBe(false);
      expect(actorCan(general, smuggled, `${area}:manage`)).toBe(false);
    }
  });

  it('the ops realm belongs to operators alone; operators hold nothing of an organisation', () => {
    for (const permission of OPS) {
      expect(actorCan(operator, undefined, permission)).toBe(true);
      expect(actorCan(admin, undefined, permission)).toBe(false);
      expect(actorCan(general, { spots: 'publish' }, permission)).toBe(false);
    }
    for (const module of CONTENT_MODULES)
      for (const need of GRANTABLE) expect(actorCan(operator, undefined, `${module}:${need}`)).toBe(false);
    for (const area of ADMIN_AREAS) expect(actorCan(operator, undefined, `${area}:manage`)).toBe(false);
  });

  it('an operator holds exactly the provider rights given to them; none given, none held', () => {
    for (const permission of OPS) {
      const given: Actor = { type: 'operator', id: 'o', rights: [permission] };
      for (const other of OPS) expect(actorCan(given, undefined, other)).toBe(other === permission);
      expect(actorCan({ type: 'operator', id: 'o' }, undefined, permission)).toBe(false);
      expect(actorCan({ type: 'operator', id: 'o', rights: [] }, undefined, permission)).toBe(false);
    }
  });

  it('system rights (a generated image skips the scanner when none is configured) come from no role, admins included', () => {
    for (const actor of [admin, general, operator, ANONYMOUS, systemActor('demo-setup')])
      expect(actorCan(actor, { media: 'publish' }, 'system:generated-media')).toBe(false);
  });

  it('visitors and the system hold nothing by role', () => {
    const everyone = [ANONYMOUS, systemActor('scheduler')];
    const all: Permission[] = [
      ...OPS,
      ...ADMIN_AREAS.map((area) => `${area}:manage` as Permission),
      ...CONTENT_MODULES.flatMap((m) => GRANTABLE.map((need) => `${m}:${need}` as Permission)),
    ];
    for (const actor of everyone)
      for (const permission of all) expect(actorCan(actor, undefined, permission)).toBe(false);
  });

  it('unknown areas and levels fail closed, even for admins', () => {
    const unknown = [
      'stamps:view',
      'spots:manage',
      'spots:none',
      'users:view',
      'ops',
      'ops:everything',
      'spots',
      ':',
      '',
    ];
    for (const permission of unknown) {
      expect(actorCan(admin, undefined, permission as Permission), permission).toBe(false);
      expect(actorCan(general, { spots: 'publish' }, permission as Permission), permission).toBe(false);
      expect(actorCan(operator, undefined, permission as Permission), permission).toBe(false);
    }
  });
});

describe('context checks', () => {
  it('require refuses with the forbidden error and lets a held permission through', () => {
    const checks = accountChecks(general, { spots: 'edit' });
    expect(() => checks.require('spots:edit')).not.toThrow();
    let refusal: unknown;
    try {
      checks.require('spots:publish');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).status).toBe(403);
    expect((refusal as AppError).code).toBe('forbidden');
  });

  it('a grant list allows what it names and nothing else', () => {
    const checks = permissionChecks((p) => p === 'spots:publish');
    expect(checks.can('spots:publish')).toBe(true);
    expect(checks.can('events:publish')).toBe(false);
    expect(() => checks.require('events:publish')).toThrow(AppError);
  });
});
