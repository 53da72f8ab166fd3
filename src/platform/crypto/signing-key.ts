import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../config.js';

/**
 * The provider's Ed25519 key that signs what the provider attests to (deletion certificates).
 * Kept in a file beside the master key, created like it: on first start in embedded mode (0600),
 * never in production, where the operator creates it (`mitte create-signing-key`).
 */
export interface SigningKey {
  /** First 16 hex digits of the SHA-256 of the public key (DER): names the key in documents. */
  keyId: string;
  /** The public key as PEM (SPKI), for anyone who verifies. */
  publicKeyPem: string;
  sign(data: Buffer | string): string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Writes a new Ed25519 private key (PKCS#8 PEM, mode 0600); refuses to overwrite one. */
export function createSigningKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
}

export function loadSigningKey(config: {
  signingKeyFile: string;
  mayGenerateSigningKey: boolean;
}): SigningKey {
  const file = config.signingKeyFile;
  if (!fs.existsSync(file)) {
    if (!config.mayGenerateSigningKey) {
      throw new ConfigError(
        'SIGNING_KEY_FILE',
        `file ${file} does not exist (create it with "mitte create-signing-key"; keys are not generated here)`,
      );
    }
    try {
      createSigningKeyFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((fs.statSync(file).mode & 0o077) !== 0) {
    throw new ConfigError('SIGNING_KEY_FILE', `file ${file} is readable by group or others; chmod 600 it`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new ConfigError('SIGNING_KEY_FILE', `file ${file} does not hold a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError('SIGNING_KEY_FILE', `file ${file} must hold an Ed25519 key`);
  }
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (data) => sign(null, Buffer.from(data), privateKey).toString('base64'),
  };
}

/** Whether the base64 signature over data verifies under the PEM public key. */
export function verifySignature(publicKeyPem: string, data: Buffer | string, signature: string): boolean {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') return false;
  return verify(null, Buffer.from(data), key, Buffer.from(signature, 'base64'));
}

export function publicKeyIdOf(publicKeyPem: string): string {
  return keyIdOf(createPublicKey(publicKeyPem));
}
