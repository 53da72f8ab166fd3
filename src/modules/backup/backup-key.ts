import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import type { BackupConfig } from '../../config.js';
import { AppError } from '../../platform/errors.js';

/** The backup key and its public id (written on every backup's label, so a wrong key is named). */
export interface BackupKey {
  key: Buffer;
  id: string;
}

export function backupKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('mitte-c/backup-key-id').digest('hex').slice(0, 16);
}

function refuse(en: string, ja: string): AppError {
  return new AppError(400, 'backup_key', { ja, en });
}

/**
 * The key backups are encrypted with: BACKUP_KEY or BACKUP_KEY_FILE (32 bytes, base64). Never
 * the master key: a stolen backup and a stolen master key must be two separate losses, and
 * the master key must be restorable from somewhere else than the backup it protects.
 */
export function loadBackupKey(config: Pick<BackupConfig, 'key' | 'keyFile'>, masterKey?: Buffer): BackupKey {
  let text = config.key;
  if (!text && config.keyFile) {
    try {
      text = fs.readFileSync(config.keyFile, 'utf8').trim();
    } catch (error) {
      throw refuse(
        `BACKUP_KEY_FILE cannot be read: ${(error as Error).message}`,
        `BACKUP_KEY_FILE を読めません: ${(error as Error).message}`,
      );
    }
  }
  if (!text) {
    throw refuse(
      'No backup key: set BACKUP_KEY_FILE (or BACKUP_KEY) to 32 random bytes in base64 (openssl rand -base64 32).',
      'バックアップ鍵がありません。BACKUP_KEY_FILE（または BACKUP_KEY）に 32 バイトの乱数を base64 で設定してください。',
    );
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) {
    throw refuse(
      'The backup key must be 32 bytes in base64.',
      'バックアップ鍵は base64 で 32 バイトにしてください。',
    );
  }
  if (masterKey?.equals(key)) {
    throw refuse(
      'The backup key must not be the master key.',
      'バックアップ鍵にマスター鍵を使うことはできません。',
    );
  }
  return { key, id: backupKeyId(key) };
}
