import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { publicKeyIdOf, type SigningKey, verifySignature } from '../../platform/crypto/signing-key.js';

/** What a deletion certificate (削除証明書) attests: everything the purge did, with counts. */
export interface CertificateBody {
  kind: 'mitte-c.deletion-certificate';
  version: 1;
  organisation: { serviceCode: string; nameJa: string; nameEn: string; lgCode: string | null };
  contract: { start: string | null; end: string | null; terminatedAt: string | null };
  purge: { startedAt: string; finishedAt: string; approvedBy: string };
  deleted: {
    rows: Record<string, number>;
    rowTotal: number;
    files: number;
    bytes: number;
    auditEvents: number;
  };
  auditChain: { finalSeq: number; finalHeadHash: string | null };
  destroyedKeys: { versions: number[]; ids: string[] };
  /** By this date every backup that may still hold the organisation's data has expired. */
  backupsExpireBy: string;
}

export interface SignedCertificate {
  certificate: CertificateBody;
  /** SHA-256 (hex) of the PDF rendering, covered by the same signature. */
  pdfSha256: string;
  signature: { algorithm: 'Ed25519'; keyId: string; publicKey: string; value: string };
}

function signedPayload(certificate: CertificateBody, pdfSha256: string): string {
  const text = canonicalize({ certificate, pdfSha256 });
  if (text === undefined) throw new Error('certificate cannot be canonicalised');
  return text;
}

export function sha256Hex(data: Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Signs the certificate together with its PDF's digest (RFC 8785 canonical JSON, Ed25519). */
export function signCertificate(
  key: SigningKey,
  certificate: CertificateBody,
  pdf: Buffer,
): SignedCertificate {
  const pdfSha256 = sha256Hex(pdf);
  return {
    certificate,
    pdfSha256,
    signature: {
      algorithm: 'Ed25519',
      keyId: key.keyId,
      publicKey: key.publicKeyPem,
      value: key.sign(signedPayload(certificate, pdfSha256)),
    },
  };
}

export type CertificateCheck =
  | { ok: true; keyId: string; serviceCode: string }
  | { ok: false; reason: string };

/**
 * Checks a certificate file against the provider's public key (never only the key it carries,
 * which anyone could replace), and, when given, that the PDF is the one signed.
 */
export function verifyCertificate(
  file: unknown,
  trustedPublicKeyPem: string,
  pdf?: Buffer,
): CertificateCheck {
  const signed = file as Partial<SignedCertificate> | null;
  if (
    !signed ||
    typeof signed !== 'object' ||
    !signed.certificate ||
    typeof signed.pdfSha256 !== 'string' ||
    signed.signature?.algorithm !== 'Ed25519' ||
    typeof signed.signature.value !== 'string'
  ) {
    return {
      ok: false,
      reason: 'not a mitte-C deletion certificate (certificate, pdfSha256 or signature missing)',
    };
  }
  const keyId = publicKeyIdOf(trustedPublicKeyPem);
  if (signed.signature.keyId !== keyId) {
    return {
      ok: false,
      reason: `signed with key ${signed.signature.keyId}, not the provider's key ${keyId}`,
    };
  }
  let valid = false;
  try {
    valid = verifySignature(
      trustedPublicKeyPem,
      signedPayload(signed.certificate, signed.pdfSha256),
      signed.signature.value,
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'the signature does not match: the certificate was altered' };
  if (pdf && sha256Hex(pdf) !== signed.pdfSha256) {
    return { ok: false, reason: 'the PDF is not the one this certificate signs' };
  }
  return { ok: true, keyId, serviceCode: signed.certificate.organisation.serviceCode };
}
