import { safeEqual } from '../auth/tokens.js';
import { keyedMac } from '../crypto/keyed-mac.js';
import { AppError } from '../errors.js';

/** A paging cursor that is not one this service issued, or not for this list. */
export function invalidCursor(field = 'cursor'): AppError {
  return new AppError(
    400,
    'invalid_cursor',
    {
      ja: `${field}: ページ送りの位置が正しくありません。最初のページから開き直してください。`,
      en: `${field}: the paging cursor is not valid. Start again from the first page.`,
    },
    {
      field,
      problems: [
        {
          field,
          message: { ja: 'ページ送りの位置が正しくありません。', en: 'is not a valid paging cursor.' },
        },
      ],
    },
  );
}

/** Sealed cursors remembered (~200 bytes each), then forgotten all at once. */
const SEALED_KEPT = 4096;

/**
 * Paging cursors are opaque to clients and signed (HMAC-SHA-256, key derived from the master
 * key, so every node accepts every node's cursors): a forged or altered cursor is a 400 before
 * any of it reaches a query. The list's name is signed with it, so a cursor of one list is not
 * accepted by another.
 */
export class PagingCursors {
  private readonly mac: (list: string, position: string) => string;
  /**
   * Cursors sealed lately, by list and position: the first page of a public list is asked for
   * again and again with the same next position, and a MAC took ~3 % of its answer.
   */
  private readonly sealed = new Map<string, string>();

  constructor(masterKey: Buffer) {
    this.mac = keyedMac(masterKey, 'paging-cursors');
  }

  /** The cursor a client sends back for the next page of `list` (null: no next page). */
  seal(list: string, position: string | null): string | null {
    if (position === null) return null;
    const key = `${list}\n${position}`;
    let cursor = this.sealed.get(key);
    if (cursor === undefined) {
      cursor = `${position}.${this.mac(list, position)}`;
      if (this.sealed.size >= SEALED_KEPT) this.sealed.clear();
      this.sealed.set(key, cursor);
    }
    return cursor;
  }

  /** The position a signed cursor stands for; undefined when none was sent. */
  open(list: string, cursor: string | undefined, field = 'cursor'): string | undefined {
    if (cursor === undefined || cursor === '') return undefined;
    const dot = cursor.lastIndexOf('.');
    const position = cursor.slice(0, dot);
    if (dot <= 0 || !safeEqual(cursor.slice(dot + 1), this.mac(list, position))) throw invalidCursor(field);
    return position;
  }
}
