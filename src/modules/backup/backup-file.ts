import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decryptStream, encryptStream, IntegrityError } from '../../platform/crypto/segmented-aead.js';
import { AppError } from '../../platform/errors.js';
import type { BackupKey } from './backup-key.js';

/**
 * A backup file: a plain label line, then an encrypted zip.
 *
 *   MITTE-BACKUP/1\n
 *   {"id":…,"createdAt":…,"databaseKind":…,"toolVersion":…,"keyId":…}\n
 *   AES-256-GCM segments (platform/crypto/segmented-aead.ts) under the backup key, blob id = label id
 *
 * The label says what the file is without the key; because the label id is bound into every
 * segment, a label moved onto another backup's bytes fails to decrypt, and the final-segment
 * flag makes a truncated file fail too. The key id names a wrong key before any decryption.
 */
export const BACKUP_MAGIC = 'MITTE-BACKUP/1\n';
const MAX_LABEL = 4096;

export interface BackupLabel {
  id: string;
  createdAt: string;
  databaseKind: 'pglite' | 'postgres';
  toolVersion: string;
  keyId: string;
}

export function newLabel(
  databaseKind: BackupLabel['databaseKind'],
  toolVersion: string,
  key: BackupKey,
): BackupLabel {
  return { id: randomUUID(), createdAt: new Date().toISOString(), databaseKind, toolVersion, keyId: key.id };
}

export function backupError(code: string, ja: string, en: string): AppError {
  return new AppError(400, code, { ja, en });
}

/** Where the encrypted part goes: returns the writable plaintext end and the promise of the file. */
export function encryptedBackupWriter(
  file: string,
  key: BackupKey,
  label: BackupLabel,
): { plaintext: Writable; done: Promise<void> } {
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  out.write(BACKUP_MAGIC + JSON.stringify(label) + '\n');
  const encrypt = encryptStream(key.key, 0, label.id);
  const done = pipeline(encrypt, out);
  done.catch(() => {});
  return { plaintext: encrypt, done };
}

/** Reads the label of a backup file without the key; a file that is not a backup is refused. */
export async function readLabel(file: string): Promise<{ label: BackupLabel; offset: number }> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch (error) {
    throw backupError(
      'backup_unreadable',
      `バックアップファイルを開けません: ${(error as Error).message}`,
      `Cannot open the backup file: ${(error as Error).message}`,
    );
  }
  try {
    const head = Buffer.alloc(MAX_LABEL);
    const { bytesRead } = await handle.read(head, 0, MAX_LABEL, 0);
    const text = head.subarray(0, bytesRead).toString('latin1');
    const end = text.indexOf('\n', BACKUP_MAGIC.length);
    if (!text.startsWith(BACKUP_MAGIC) || end < 0) {
      throw backupError(
        'not_a_backup',
        'mitte-C のバックアップファイルではありません。',
        'This is not a mitte-C backup file.',
      );
    }
    const labelBytes = head.subarray(BACKUP_MAGIC.length, end);
    let label: BackupLabel;
    try {
      label = JSON.parse(labelBytes.toString('utf8')) as BackupLabel;
    } catch {
      throw backupError(
        'not_a_backup',
        'バックアップのラベルが壊れています。',
        'The backup label is damaged.',
      );
    }
    return { label, offset: end + 1 };
  } finally {
    await handle.close();
  }
}

/**
 * Decrypts a backup's zip into `target` (a private scratch file), checking the key first. A
 * wrong key, a changed byte or a truncated file is a clear error and leaves no target behind.
 */
export async function decryptBackup(file: string, key: BackupKey, target: string): Promise<BackupLabel> {
  const { label, offset } = await readLabel(file);
  if (label.keyId !== key.id) {
    throw backupError(
      'backup_wrong_key',
      `このバックアップは別の鍵（鍵ID ${label.keyId}）で暗号化されています。設定中の鍵の ID は ${key.id} です。`,
      `This backup was encrypted with another key (key id ${label.keyId}); the configured key's id is ${key.id}.`,
    );
  }
  try {
    await pipeline(
      fs.createReadStream(file, { start: offset }),
      decryptStream(key.key, label.id),
      fs.createWriteStream(target, { flags: 'wx', mode: 0o600 }),
    );
  } catch (error) {
    fs.rmSync(target, { force: true });
    if (error instanceof IntegrityError) {
      throw backupError(
        'backup_damaged',
        `バックアップファイルが破損しているか途中で切れています（${error.message}）。`,
        `The backup file is damaged or truncated (${error.message}).`,
      );
    }
    throw error;
  }
  return label;
}
