import { describe } from 'vitest';
import { isOpsPath, safeReturnPath } from './paths';
import { answers } from './test-tables';

describe('isOpsPath', () => {
  // The operator console is under /ops only.
  answers('isOpsPath', isOpsPath, [
    ['/ops', true],
    ['/ops/', true],
    ['/ops/signin', true],
    ['/ops/organisations/new', true],
    ['/console/', false],
    ['/console/ops', false],
    ['/opsx', false],
    ['/', false],
  ]);
});

describe('safeReturnPath', () => {
  // Returns to a page of this app; refuses other sites and odd values.
  answers('safeReturnPath', safeReturnPath, [
    [{ from: '/users/42?tab=x' }, '/users/42?tab=x'],
    [{ from: '//evil.example/' }, '/'],
    [{ from: '/\\evil.example/' }, '/'],
    [{ from: 'https://evil.example/' }, '/'],
    [{ from: 42 }, '/'],
    [null, '/'],
    [undefined, '/'],
  ]);
});
