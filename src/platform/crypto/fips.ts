import crypto from 'node:crypto';
import { ConfigError } from '../../config.js';

/**
 * CRYPTO_FIPS=required: start only when Node's OpenSSL runs in FIPS mode (a FIPS 140-2/140-3
 * validated provider), so every AES-256-GCM, SHA-256 and TLS operation uses the validated module.
 */
export function requireFipsIfConfigured(
  mode: 'required' | 'off',
  getFips: () => number = crypto.getFips,
): void {
  if (mode !== 'required') return;
  if (getFips() === 1) return;
  throw new ConfigError(
    'CRYPTO_FIPS',
    'is "required" but OpenSSL is not in FIPS mode: install a FIPS provider (OpenSSL 3 fips.so with fipsmodule.cnf), ' +
      'point OPENSSL_CONF at a configuration that activates it, and start Node with --enable-fips (or --force-fips)',
  );
}
