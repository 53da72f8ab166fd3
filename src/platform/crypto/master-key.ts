import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../../config.js';

export const MASTER_KEY_BYTES = 32;

/**
 * Loads the master key that wraps every organisation's data key. Embedded mode creates it
 * on first start (mode 0600); production refuses to generate keys.
 */
export function ensureMasterKey(config: Pick<Config, 'masterKeyFile' | 'mayGenerateMasterKey'>): {
  key: Buffer;
  generated: boolean;
} {
  const file = config.masterKeyFile;
  let generated = false;
  if (!fs.existsSync(file)) {
    if (!config.mayGenerateMasterKey) {
      throw new ConfigError('MASTER_KEY_FILE', `file ${file} does not exist (keys are not generated here)`);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // 'wx' so two processes starting at once cannot overwrite each other's key.
    try {
      fs.writeFileSync(file, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, {
        mode: 0o600,
        flag: 'wx',
      });
      generated = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const stat = fs.statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new ConfigError(
      'MASTER_KEY_FILE',
      `file ${file} is readable by group or others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new ConfigError(
      'MASTER_KEY_FILE',
      `must hold ${MASTER_KEY_BYTES} bytes in base64, found ${key.length}`,
    );
  }
  return { key, generated };
}
