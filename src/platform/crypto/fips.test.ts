import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config.js';
import { requireFipsIfConfigured } from './fips.js';

describe('CRYPTO_FIPS', () => {
  it('refuses to start when required and OpenSSL is not in FIPS mode (this machine has no FIPS provider)', () => {
    expect(() => requireFipsIfConfigured('required')).toThrow(ConfigError);
    expect(() => requireFipsIfConfigured('required')).toThrow(/--enable-fips/);
  });

  it('starts when FIPS mode is on, or when not required', () => {
    expect(() => requireFipsIfConfigured('required', () => 1)).not.toThrow();
    expect(() => requireFipsIfConfigured('off', () => 0)).not.toThrow();
  });
});
