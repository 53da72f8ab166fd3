import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/** A pass-through that counts and hashes (SHA-256) what flows through it; read `result()` at the end. */
export function hashTap(): { tap: Transform; result(): { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  let sha256: string | undefined;
  return {
    tap,
    result() {
      sha256 ??= hash.digest('hex');
      return { size, sha256 };
    },
  };
}
