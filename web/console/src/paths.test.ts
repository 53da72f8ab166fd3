import { describe, expect, it } from 'vitest';
import { isOpsPath, safeReturnPath } from './paths';

describe('isOpsPath', () => {
  it('chooses the operator console under /ops only', () => {
    expect(isOpsPath('/ops')).toBe(true);
    expect(isOpsPath('/ops/')).toBe(true);
    expect(isOpsPath('/ops/signin')).toBe(true);
    expect(isOpsPath('/ops/organisations/new')).toBe(true);
    expect(isOpsPath('/console/')).toBe(false);
    expect(isOpsPath('/console/ops')).toBe(false);
    expect(isOpsPath('/opsx')).toBe(false);
    expect(isOpsPath('/')).toBe(false);
  });
});

describe('safeReturnPath', () => {
  it('returns to a page of this app', () => {
    expect(safeReturnPath({ from: '/users/42?tab=x' })).toBe('/users/42?tab=x');
  });

  it('refuses other sites and odd values', () => {
    expect(safeReturnPath({ from: '//evil.example/' })).toBe('/');
    expect(safeReturnPath({ from: '/\\evil.example/' })).toBe('/');
    expect(safeReturnPath({ from: 'https://evil.example/' })).toBe('/');
    expect(safeReturnPath({ from: 42 })).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath(undefined)).toBe('/');
  });
});
