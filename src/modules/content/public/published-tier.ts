/**
 * The published tier (issue 13, the 1M-item case): every live item of an organisation as its
 * prepared answers, in one file per organisation on the node's local disk, so a first visit to any
 * of a million items reads the page cache (one `pread`, not counted in the process's memory)
 * instead of the database. The node-local published model holds a few dozen organisations in
 * memory; this holds the rest, bounded by disk bytes (`PUBLISHED_TIER_MB`, least recently used
 * organisation out).
 *
 * Exact as the model is: each file carries the version of the organisation's rows it was built
 * from, checked against the database every few seconds while it serves, and the invalidation bus
 * deletes it whenever the organisation's public data changes. It holds only what the public API
 * and the public site serve (spot pages rendered ahead). The files are this process's own: a directory per process, removed when it closes, and
 * a start removes any left by a process that is gone (a crash), so nothing is read across restarts
 * and an organisation's copy never outlives the TTL unchecked (deletion at contract end).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ReadsInWindow } from '../../../platform/cache/reads-in-window.js';
import type { JsonPart } from '../../../platform/http/cache.js';
import { CONTENT_KINDS, type ContentKind, type Language } from '../content.schema.js';

/** One item as the tier keeps it: its API detail in the tier's language and its entry for pages. */
export interface TierRecord {
  id: string;
  kind: ContentKind;
  detail: Buffer;
  etag: string;
  gzip: Buffer | undefined;
  /** The item as the pages read it (JSON text; see PublishedReads). */
  entry: string;
  /** What a card of it shows, as a page's nearest spot (JSON text; empty for an item no page shows so). */
  card: string;
  /** Its page in the tier's language, rendered ahead (src/site/prepared-pages.ts); none: rendered per request. */
  page?: TierPage | undefined;
}

/** A page rendered ahead as the tier keeps it: gzipped, with its ETag. */
export interface TierPage {
  gzip: Buffer;
  etag: string;
}

/**
 * The first page of a kind's public list in the tier's language: its first items (as many as the
 * largest limit), each with its list form and the cursor of the page after it, and how many there are.
 */
export interface TierHead {
  kind: ContentKind;
  total: number;
  items: { part: JsonPart; cursor: string }[];
}

/** What a build of an organisation gives: its rows' version and their records in one language. */
export interface TierBuild {
  version: string;
  lang: Language;
  /** In the order the file keeps them: records read together (a page's nearest spots) side by side. */
  records: TierRecord[];
  heads: TierHead[];
  /**
   * What the records' pages were rendered for beyond the rows (the organisation's names, its
   * site): a page serves only while the caller's key for the request is this one.
   */
  pagesKey?: string | undefined;
}

export interface PublishedTierOptions {
  /** The directory this node's tier lives under (its process takes a subdirectory of it). */
  dir: string;
  /** Disk bytes; 0 turns the tier off. At most nine tenths of the room its directory's filesystem has at start. */
  maxBytes: number;
  /** How long an organisation's file serves before its version is checked again. */
  checkMs: number;
  /** A file not confirmed for this long is dropped, read or not. */
  ttlMs: number;
  /** Reads of an organisation it does not hold, within BUILD_WINDOW_MS, before it builds its file. */
  buildAfter: number;
  /** The organisation's live items as records (the same statement as the model's load). */
  build: (org: string) => Promise<TierBuild>;
  /**
   * Whether the organisation is now served from memory (the published model holds it): a build
   * its reads queued is then left out when its turn comes (at start-up, the first reads of an
   * organisation the model loads meanwhile asked for both). An explicit load builds regardless.
   */
  servedElsewhere?: (org: string) => boolean;
  /** The version of the organisation's rows in the database now. */
  version: (org: string) => Promise<string>;
  now?: () => number;
  count?: (result: 'hit' | 'miss') => void;
  onBuilt?: () => void;
  onError?: (error: unknown) => void;
  /** The tier found the database ahead of it (a lost invalidation): drop every cache of the organisation. */
  onStale?: (org: string) => void;
  /** The budget was cut to the room its filesystem has (a tmpfs smaller than PUBLISHED_TIER_MB). */
  onCapped?: (maxBytes: number) => void;
}

/**
 * A record's place in the index: the id's 16 bytes, its kind, the length of its answer's part
 * (three bytes), then its offset and length in the file.
 */
const INDEX_BYTES = 28;
const WORDS_PER_RECORD = INDEX_BYTES / 4;
const BUILD_WINDOW_MS = 60_000;
/** Organisations waiting for a build at most; past it a read does not ask (a later one will). */
const MAX_PENDING = 10_000;
/**
 * A build that may need room (the budget past seven eighths) is not started while the least
 * recently read organisation, the one it would push out, was read less than this long ago: a node
 * read across more organisations than its disk budget holds would otherwise build one, delete
 * another and build that again, its CPU spent on builds. The rest read the database.
 */
const MIN_IDLE_MS = 60_000;
/**
 * readWith: the bytes read around the item, in its own record's lengths (up to half of
 * MAX_READ_BYTES each side); a gap between two other records that one read still spans; the most
 * one read takes. A copy of 16 KB costs about what a system call does.
 */
const AROUND_RECORDS = 3;
const MAX_GAP_BYTES = 8 * 1024;
const MAX_READ_BYTES = 64 * 1024;

interface TierOrg {
  version: string;
  lang: Language;
  file: string;
  fd: number;
  /** Sorted by id (as keyOrder orders them): INDEX_BYTES per record. */
  index: Buffer;
  /** The index as 32-bit words, for the binary search. */
  words: Uint32Array;
  count: number;
  bytes: number;
  /** Per kind with a list head: how many items it has, and where its head's items start and end in the file. */
  heads: Map<ContentKind, { total: number; offsets: number[] }>;
  /** What its pages were rendered for (TierBuild.pagesKey); undefined: it keeps none. */
  pagesKey: string | undefined;
  checkedAt: number;
  usedAt: number;
  /** The order of reads: the least recently used is the least. */
  usedOrder: number;
}

/** A page's item and the cards of its nearest spots, read together (readWith). */
export interface TierPageRead {
  /** The item's entry (JSON text). */
  entry: string;
  /** The cards of the items named (JSON text), those live in the tier, in the order named. */
  cards: string[];
}

/** One item read from the tier. */
export interface TierItem {
  lang: Language;
  detail: Buffer;
  etag: string;
  gzip: Buffer | undefined;
  /** The entry's JSON text. */
  entry: () => string;
}

/** Directories of tiers open in this process (two apps in one test process keep each other's). */
const openDirs = new Set<string>();

/**
 * Writes the id's 16 bytes into `into` when it is a UUID as the database path takes one (32 hex
 * digits of either case, dashed 8-4-4-4-12); false otherwise: the same item the model and the
 * database find, and nothing they do not (an id without its dashes read a spot they answer 404
 * for). Without a regular expression or an allocation: it runs for every read (the key of the
 * binary search).
 */
function idInto(id: string, into: Buffer): boolean {
  if (id.length !== 36) return false;
  let digits = 0;
  for (let i = 0; i < 36; i += 1) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
      continue;
    }
    const lower = c | 32;
    const value = c >= 48 && c <= 57 ? c - 48 : lower >= 97 && lower <= 102 ? lower - 87 : -1;
    if (value < 0) return false;
    if (digits % 2 === 0) into[digits >> 1] = value << 4;
    else into[digits >> 1]! |= value;
    digits += 1;
  }
  return true;
}

/**
 * The bytes readWith reads into, reused (reads are synchronous, and it decodes what it returns
 * before its next read): a read into a buffer of its own allocated ~30 KB a page outside V8's
 * heap, only to be dropped once the page's texts were decoded.
 */
let scratch = Buffer.allocUnsafeSlow(2 * MAX_READ_BYTES);
/** A read longer than this (a record of a long article) takes bytes of its own. */
const MAX_SCRATCH_BYTES = 1024 * 1024;

/** The key of the read under way (reads are synchronous: one at a time), and its four words. */
const readWords = new Uint32Array(4);
const readKey = Buffer.from(readWords.buffer);

/**
 * The order of the index: an id's 16 bytes as four 32-bit words in the machine's byte order, word
 * by word. Any total order serves a binary search if the build sorts by it; this one the search
 * compares with four array reads a step (Buffer's readUInt32BE was a call each, 7 µs a read at
 * 1,000 spots in a profile of bench/scale.ts).
 */
function keyOrder(a: Uint32Array, b: Uint32Array): number {
  return a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]! || a[3]! - b[3]!;
}

/** A tier directory's name: its process's pid and four random bytes. */
const OWN_NAME = /^(\d+)-[0-9a-f]{8}$/;

/**
 * Removes the tier directories under `root` of processes that are gone (a crash, a restart). Only
 * names a tier gives its directory: a `PUBLISHED_TIER_DIR` set to a directory holding anything
 * else (the data directory itself) loses nothing.
 */
function removeLeftovers(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const full = path.join(root, name);
    const pid = Number(OWN_NAME.exec(name)?.[1]);
    if (!pid || openDirs.has(full)) continue;
    // This process's pid on a directory it does not hold: a previous container's pid 1.
    if (pid !== process.pid && alive(pid)) continue;
    fs.rmSync(full, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class PublishedTier {
  private readonly orgs = new Map<string, TierOrg>();
  private readonly generations = new Map<string, number>();
  /** Bumped by clear(); part of every organisation's generation (as in OrgLru). */
  private epoch = 0;
  private readonly misses: ReadsInWindow;
  private readonly pending: string[] = [];
  private readonly queued = new Set<string>();
  private readonly checking = new Set<string>();
  private building = false;
  /** System calls reading the files so far. */
  private preads = 0;
  /** Reads and builds so far (each file's usedOrder). */
  private reads = 0;
  private closed = false;
  private bytes = 0;
  private readonly own: string;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout | undefined;
  /** The bytes it keeps at most: the configured budget, or less when its filesystem has less room. */
  readonly maxBytes: number;

  constructor(private readonly options: PublishedTierOptions) {
    this.maxBytes = options.maxBytes;
    this.now = options.now ?? Date.now;
    this.misses = new ReadsInWindow({
      after: options.buildAfter,
      windowMs: BUILD_WINDOW_MS,
      maxKeys: MAX_PENDING,
      now: this.now,
    });
    this.own = path.join(options.dir, `${process.pid}-${crypto.randomBytes(4).toString('hex')}`);
    if (!this.enabled) return;
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    removeLeftovers(options.dir);
    // A budget past the filesystem's room (a memory-backed one, sized for the node) would have
    // every build past it fail on a full disk: the least recently read organisation goes first.
    const { bavail, bsize } = fs.statfsSync(options.dir);
    const room = Math.floor(bavail * bsize * 0.9);
    if (room < this.maxBytes) {
      this.maxBytes = room;
      options.onCapped?.(room);
    }
    fs.mkdirSync(this.own, { mode: 0o700 });
    openDirs.add(this.own);
    // Files not read for a while are confirmed too, so one of an organisation gone (deleted at
    // contract end on a node that missed the message) goes within the TTL.
    this.sweeper = setInterval(() => this.sweep(), Math.min(options.ttlMs, 60_000));
    this.sweeper.unref();
  }

  get enabled(): boolean {
    return this.options.maxBytes > 0;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  get organisations(): number {
    return this.orgs.size;
  }

  /** The directory this process's files are in. */
  get directory(): string {
    return this.own;
  }

  /** Whether this node holds the organisation's file (not counted). */
  holds(org: string): boolean {
    return this.orgs.has(org);
  }

  /** The language of the organisation's file's answers when this node holds it (not counted). */
  heldIn(org: string): Language | undefined {
    return this.orgs.get(org)?.lang;
  }

  /**
   * Whether the tier holds the organisation (counted as a hit, checked when due); otherwise a miss,
   * and the `buildAfter`-th read within a minute queues a build.
   */
  get(org: string): boolean {
    if (!this.enabled) return false;
    const held = this.orgs.get(org);
    if (!held) {
      this.options.count?.('miss');
      if (!this.queued.has(org) && this.misses.count(org)) this.queue(org);
      return false;
    }
    this.served(org, held);
    return true;
  }

  /** As get, but a miss is neither counted nor built (the caller's fallback does both). */
  getHeld(org: string): boolean {
    const held = this.enabled ? this.orgs.get(org) : undefined;
    if (held) this.served(org, held);
    return held !== undefined;
  }

  private served(org: string, held: TierOrg): void {
    this.options.count?.('hit');
    // The recency the eviction goes by; not the map's order, which a hit would rewrite.
    held.usedAt = this.now();
    held.usedOrder = ++this.reads;
    if (this.now() - held.checkedAt >= this.options.checkMs) this.check(org, held);
  }

  /** The item of the kind when the tier holds the organisation and the item is live in it. */
  read(org: string, kind: ContentKind, id: string, part: 'answer' | 'all' = 'all'): TierItem | undefined {
    const held = this.orgs.get(org);
    const at = held ? this.itemSlot(held, kind, id) : -1;
    if (!held || at < 0) return undefined;
    const offset = held.index.readUInt32LE(at * INDEX_BYTES + 20);
    // The API detail in the file's language needs only the answer's part: half the bytes, and
    // fewer pages of the file touched (each one the disk's if the page cache lost it).
    const answer = part === 'answer' ? held.index.readUIntLE(at * INDEX_BYTES + 17, 3) : 0;
    const length = answer || held.index.readUInt32LE(at * INDEX_BYTES + 24);
    // Synchronous: the file was written moments ago and is read from the page cache, a copy of
    // a few kilobytes, where a thread-pool read costs more than the read (measured: 9,000 req/s
    // against 6,200 over a million items).
    return unpack(held.lang, this.readSpan(held, offset, length), answer === 0);
  }

  /**
   * As read (not counted either), for a spot page: the item's entry (of the kind) and the cards of
   * the items `others` names from it, when the tier holds the organisation and the item is live in
   * it. With as few reads as their places in the file allow: the item's record with the bytes
   * around it (the build writes near spots side by side), then the others outside those,
   * neighbouring ones in one read. A page read its item and each of four neighbours with a read of
   * its own, the large case's most frequent system call (bench/scale.ts); and it parsed each
   * neighbour's whole entry where a card of a few hundred bytes is what the page shows.
   */
  readWith(
    org: string,
    kind: ContentKind,
    id: string,
    others: (entry: string) => readonly string[],
  ): TierPageRead | undefined {
    const held = this.orgs.get(org);
    const at = held ? this.itemSlot(held, kind, id) : -1;
    if (!held || at < 0) return undefined;
    const offset = held.index.readUInt32LE(at * INDEX_BYTES + 20);
    const length = held.index.readUInt32LE(at * INDEX_BYTES + 24);
    const margin = Math.min(length * AROUND_RECORDS, MAX_READ_BYTES / 2);
    const start = Math.max(0, offset - margin);
    // The bytes after the item may run past the file's end; the item's own may not.
    const around = this.readSpan(
      held,
      start,
      offset + length + margin - start,
      offset + length - start,
      true,
    );
    const entry = around.toString('utf8', cardEnd(around, offset - start), offset + length - start);
    // Every text is decoded before the next read reuses the bytes.
    const cards: (string | undefined)[] = [];
    const outside: { place: number; offset: number; length: number }[] = [];
    for (const other of others(entry)) {
      const slot = this.slot(held, other);
      if (slot < 0) continue;
      const o = held.index.readUInt32LE(slot * INDEX_BYTES + 20);
      const l = held.index.readUInt32LE(slot * INDEX_BYTES + 24);
      if (o >= start && o + l <= start + around.length) cards.push(cardOf(around, o - start));
      else {
        outside.push({ place: cards.length, offset: o, length: l });
        cards.push(undefined);
      }
    }
    outside.sort((a, b) => a.offset - b.offset);
    for (let first = 0; first < outside.length; ) {
      // One read for records whose gaps are small, up to MAX_READ_BYTES.
      const from = outside[first]!.offset;
      let last = first;
      let end = from + outside[first]!.length;
      while (
        last + 1 < outside.length &&
        outside[last + 1]!.offset - end <= MAX_GAP_BYTES &&
        outside[last + 1]!.offset + outside[last + 1]!.length - from <= MAX_READ_BYTES
      ) {
        last += 1;
        end = Math.max(end, outside[last]!.offset + outside[last]!.length);
      }
      const span = this.readSpan(held, from, end - from, end - from, true);
      for (let i = first; i <= last; i += 1)
        cards[outside[i]!.place] = cardOf(span, outside[i]!.offset - from);
      first = last + 1;
    }
    return { entry, cards: cards.filter((x) => x !== undefined) };
  }

  /**
   * The item's page rendered ahead (as read, not counted), when the tier holds the organisation
   * with pages rendered for `key` and the item is live in it with a page. One read of its record
   * (into the reused bytes) and a copy of the page's gzip, which the answer sends after this returns.
   */
  page(org: string, kind: ContentKind, id: string, key: string): TierPage | undefined {
    const held = this.orgs.get(org);
    if (!held || held.pagesKey !== key) return undefined;
    // The same text in another string (a site read again): one string, compared at once, from now on.
    held.pagesKey = key;
    const at = this.itemSlot(held, kind, id);
    if (at < 0) return undefined;
    const offset = held.index.readUInt32LE(at * INDEX_BYTES + 20);
    const length = held.index.readUInt32LE(at * INDEX_BYTES + 24);
    // From the page's part on when the index knows where the answer's part ends; else the whole record.
    const answer = held.index.readUIntLE(at * INDEX_BYTES + 17, 3);
    const record = this.readSpan(held, offset + answer, length - answer, length - answer, true);
    const pageAt = answer > 0 ? 0 : answerEnd(record, 0);
    const gzipAt = pageGzipLengthAt(record, pageAt);
    const gzipLength = record.readUInt32LE(gzipAt);
    if (gzipLength === 0) return undefined;
    return {
      etag: record.toString('latin1', pageAt + 1, gzipAt),
      // Its own bytes: the reused ones are read into again before the answer is sent.
      gzip: Buffer.from(record.subarray(gzipAt + 4, gzipAt + 4 + gzipLength)),
    };
  }

  /** Reads of the tier's files so far (one system call each). */
  get fileReads(): number {
    return this.preads;
  }

  /** The record's place in the index when it is of the kind, or -1. */
  private itemSlot(held: TierOrg, kind: ContentKind, id: string): number {
    const at = this.slot(held, id);
    return at >= 0 && CONTENT_KINDS[held.index[at * INDEX_BYTES + 16]!] === kind ? at : -1;
  }

  /** The record's place in the index, or -1. */
  private slot(held: TierOrg, id: string): number {
    return idInto(id, readKey) ? search(held.words, held.count, readWords) : -1;
  }

  /**
   * Up to `length` bytes of the file from `start`; fewer (the file's end) only down to `atLeast`,
   * else it throws. `reused`: into the scratch bytes, valid until the next such read.
   */
  private readSpan(held: TierOrg, start: number, length: number, atLeast = length, reused = false): Buffer {
    if (reused && length > scratch.length && length <= MAX_SCRATCH_BYTES)
      scratch = Buffer.allocUnsafeSlow(length);
    const span = reused && length <= scratch.length ? scratch : Buffer.allocUnsafe(length);
    this.preads += 1;
    const read = fs.readSync(held.fd, span, 0, length, start);
    if (read < atLeast) throw new Error(`published tier: short read of ${held.file}`);
    return read === span.length ? span : span.subarray(0, read);
  }

  /**
   * The first page of the kind's list (`limit` items and the next page's cursor) when the tier
   * holds the organisation, in the language its answers are in; otherwise undefined.
   */
  head(
    org: string,
    kind: ContentKind,
    limit: number,
    lang: Language,
  ): { items: JsonPart[]; next: string | null } | undefined {
    const held = this.orgs.get(org);
    const head = held?.lang === lang ? held.heads.get(kind) : undefined;
    if (!held || !head) return undefined;
    const shown = Math.min(limit, head.offsets.length - 1);
    // A limit past what the head keeps, with more items than that: the database answers.
    if (shown < limit && head.total > shown) return undefined;
    const start = head.offsets[0]!;
    const length = head.offsets[shown]! - start;
    const blob = length > 0 ? this.readSpan(held, start, length) : Buffer.alloc(0);
    const items: JsonPart[] = [];
    let cursor: string | null = null;
    for (let at = 0; at < blob.length; ) {
      const digestEnd = at + 1 + blob[at]!;
      const digest = blob.toString('latin1', at + 1, digestEnd);
      const cursorEnd = digestEnd + 2 + blob.readUInt16LE(digestEnd);
      cursor = blob.toString('latin1', digestEnd + 2, cursorEnd);
      const end = cursorEnd + 4 + blob.readUInt32LE(cursorEnd);
      items.push({ bytes: blob.subarray(cursorEnd + 4, end), digest });
      at = end;
    }
    return { items, next: head.total > shown ? cursor : null };
  }

  /** The organisation's public data changed: its file goes. */
  invalidate(org: string): void {
    this.generations.set(org, (this.generations.get(org) ?? 0) + 1);
    this.drop(org);
  }

  /** Every organisation's public data may have changed: every file goes, and no build under way is kept. */
  clear(): void {
    this.epoch += 1;
    for (const org of [...this.orgs.keys()]) this.drop(org);
  }

  /** The organisation's generation now: a build or check begun under another is not kept. */
  private generation(org: string): number {
    // Both counters only grow, so any invalidation or clear changes the sum.
    return this.epoch + (this.generations.get(org) ?? 0);
  }

  /** Closes every file and removes this process's directory. */
  close(): void {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const org of [...this.orgs.keys()]) this.drop(org);
    if (this.enabled) this.removeOwn();
    openDirs.delete(this.own);
  }

  /**
   * Removes this process's directory. A build still writing its file when the tier closes can
   * create it while the directory is being removed (ENOTEMPTY): that build removes the directory
   * when it ends (buildOne), so closing never throws for it.
   */
  private removeOwn(): void {
    try {
      fs.rmSync(this.own, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
    }
  }

  /** Builds the organisation's file now (start-up warming and tests); resolves when it is held or refused. */
  async load(org: string): Promise<void> {
    if (!this.enabled || this.orgs.has(org)) return;
    await this.buildOne(org);
  }

  private queue(org: string): void {
    if (this.queued.size >= MAX_PENDING) return;
    this.misses.forget(org);
    this.queued.add(org);
    this.pending.push(org);
    if (!this.building) void this.drain();
  }

  /** Builds the queued organisations one at a time, in the background. */
  private async drain(): Promise<void> {
    this.building = true;
    try {
      for (let org = this.pending.shift(); org !== undefined && !this.closed; org = this.pending.shift()) {
        // Asked for by reads: not while it would churn, nor once memory serves it (an explicit
        // load builds regardless).
        if (!this.churning() && !this.options.servedElsewhere?.(org)) await this.buildOne(org);
        this.queued.delete(org);
      }
    } finally {
      this.building = false;
      this.pending.length = 0;
      this.queued.clear();
    }
  }

  /** Whether a build now would push out an organisation read less than MIN_IDLE_MS ago. */
  private churning(): boolean {
    if (this.bytes <= (this.maxBytes * 7) / 8) return false;
    const oldest = this.leastRecent();
    return oldest !== undefined && this.now() - this.orgs.get(oldest)!.usedAt < MIN_IDLE_MS;
  }

  private async buildOne(org: string): Promise<void> {
    const generation = this.generation(org);
    let file: string | undefined;
    try {
      const built = await this.options.build(org);
      if (this.closed || this.generation(org) !== generation) return;
      // Written in the build's order (near spots side by side: readWith), indexed in id order.
      const blobs: Buffer[] = [];
      let offset = 0;
      const records = built.records
        .map((record) => {
          // The id's bytes over its words (a record's id is a UUID: the read model's key).
          const words = new Uint32Array(4);
          const key = Buffer.from(words.buffer);
          idInto(record.id, key);
          const { blob, answer } = pack(record);
          blobs.push(blob);
          offset += blob.length;
          return { kind: record.kind, key, words, answer, at: offset - blob.length, length: blob.length };
        })
        .sort((a, b) => keyOrder(a.words, b.words));
      // Its own memory (Buffer.alloc never takes the shared pool): the words' view starts aligned.
      const index = Buffer.alloc(records.length * INDEX_BYTES);
      records.forEach(({ kind, key, answer, at, length }, i) => {
        key.copy(index, i * INDEX_BYTES);
        index[i * INDEX_BYTES + 16] = CONTENT_KINDS.indexOf(kind);
        // The answer's part (etag, detail, gzip) when it fits three bytes; 0: read it all.
        index.writeUIntLE(answer < 2 ** 24 ? answer : 0, i * INDEX_BYTES + 17, 3);
        index.writeUInt32LE(at, i * INDEX_BYTES + 20);
        index.writeUInt32LE(length, i * INDEX_BYTES + 24);
      });
      const heads = new Map<ContentKind, { total: number; offsets: number[] }>();
      for (const head of built.heads) {
        const offsets = [offset];
        for (const item of head.items) {
          const blob = packListed(item.part, item.cursor);
          blobs.push(blob);
          offset += blob.length;
          offsets.push(offset);
        }
        heads.set(head.kind, { total: head.total, offsets });
      }
      // An organisation past a quarter of the budget, or a file past 4 GB, stays on the database.
      if (offset > this.maxBytes / 4 || offset >= 2 ** 32) return;
      file = path.join(this.own, `${org}.${crypto.randomBytes(4).toString('hex')}`);
      await fs.promises.writeFile(file, blobs, { mode: 0o600 });
      if (this.closed || this.generation(org) !== generation) return;
      const fd = fs.openSync(file, 'r');
      this.drop(org);
      this.orgs.set(org, {
        version: built.version,
        lang: built.lang,
        file,
        fd,
        index,
        words: new Uint32Array(index.buffer, index.byteOffset, index.length / 4),
        count: records.length,
        bytes: offset + index.length,
        heads,
        pagesKey: built.pagesKey,
        checkedAt: this.now(),
        usedAt: this.now(),
        usedOrder: ++this.reads,
      });
      file = undefined;
      this.bytes += offset + index.length;
      this.options.onBuilt?.();
      this.evict(org);
    } catch (error) {
      // After close the directory may be gone under the write: not an error of the tier's.
      if (!this.closed) this.options.onError?.(error);
    } finally {
      // Closed meanwhile: the directory goes with the file (close may have left it to this build).
      if (this.closed) {
        try {
          this.removeOwn();
        } catch (error) {
          this.options.onError?.(error);
        }
      } else if (file) fs.rm(file, { force: true }, () => {});
    }
  }

  /** Least recently used out until the budget holds (never the organisation just built). */
  private evict(keep: string): void {
    while (this.bytes > this.maxBytes) {
      const org = this.leastRecent(keep);
      if (org === undefined) return;
      this.drop(org);
    }
  }

  /** The organisation read longest ago (other than `except`): a scan, as builds are rare and reads many. */
  private leastRecent(except?: string): string | undefined {
    let oldest: string | undefined;
    let order = Number.POSITIVE_INFINITY;
    for (const [org, held] of this.orgs)
      if (org !== except && held.usedOrder < order) {
        oldest = org;
        order = held.usedOrder;
      }
    return oldest;
  }

  private drop(org: string): void {
    const held = this.orgs.get(org);
    if (!held) return;
    this.orgs.delete(org);
    this.bytes -= held.bytes;
    fs.closeSync(held.fd);
    fs.rm(held.file, { force: true }, () => {});
  }

  private check(org: string, held: TierOrg): void {
    if (this.checking.has(org)) return;
    this.checking.add(org);
    const generation = this.generation(org);
    void this.options
      .version(org)
      .then((version) => {
        if (this.generation(org) !== generation || this.orgs.get(org) !== held) return;
        if (version === held.version) {
          held.checkedAt = this.now();
          return;
        }
        this.invalidate(org);
        this.options.onStale?.(org);
      })
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => this.checking.delete(org));
  }

  /** Confirms (or drops) the files not confirmed within the TTL. */
  private sweep(): void {
    const now = this.now();
    for (const [org, held] of this.orgs)
      if (now - held.checkedAt >= this.options.ttlMs) this.check(org, held);
  }
}

/** The record's position in the sorted index (its words), or -1. */
function search(words: Uint32Array, count: number, key: Uint32Array): number {
  const k0 = key[0]!;
  const k1 = key[1]!;
  const k2 = key[2]!;
  const k3 = key[3]!;
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = middle * WORDS_PER_RECORD;
    const order = k0 - words[at]! || k1 - words[at + 1]! || k2 - words[at + 2]! || k3 - words[at + 3]!;
    if (order === 0) return middle;
    if (order > 0) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/**
 * [etag length u8][etag][detail length u32][detail][gzip length u32][gzip] (the answer's part),
 * [page etag length u8][page etag][page gzip length u32][page gzip] (none: lengths 0),
 * [card length u32][card][entry]; and the answer's part's length.
 */
function pack(record: TierRecord): { blob: Buffer; answer: number } {
  const etag = Buffer.from(record.etag, 'latin1');
  const gzip = record.gzip ?? Buffer.alloc(0);
  const pageEtag = Buffer.from(record.page?.etag ?? '', 'latin1');
  const pageGzip = record.page?.gzip ?? Buffer.alloc(0);
  const card = Buffer.from(record.card);
  const entry = Buffer.from(record.entry);
  const head = Buffer.alloc(1 + etag.length + 4);
  head[0] = etag.length;
  etag.copy(head, 1);
  head.writeUInt32LE(record.detail.length, 1 + etag.length);
  const gzipLength = Buffer.alloc(4);
  gzipLength.writeUInt32LE(gzip.length);
  const pageHead = Buffer.alloc(1 + pageEtag.length + 4);
  pageHead[0] = pageEtag.length;
  pageEtag.copy(pageHead, 1);
  pageHead.writeUInt32LE(pageGzip.length, 1 + pageEtag.length);
  const cardLength = Buffer.alloc(4);
  cardLength.writeUInt32LE(card.length);
  const answer = Buffer.concat([head, record.detail, gzipLength, gzip]);
  const blob = Buffer.concat([answer, pageHead, pageGzip, cardLength, card, entry]);
  return { blob, answer: answer.length };
}

/** Where the answer's part ends (its page's part starts) in the record that starts at `at` (pack's layout). */
function answerEnd(blob: Buffer, at: number): number {
  const detailAt = at + 1 + blob[at]!;
  const gzipAt = detailAt + 4 + blob.readUInt32LE(detailAt);
  return gzipAt + 4 + blob.readUInt32LE(gzipAt);
}

/** Where the page's gzip length is in the page's part that starts at `pageAt`: after its ETag. */
function pageGzipLengthAt(blob: Buffer, pageAt: number): number {
  return pageAt + 1 + blob[pageAt]!;
}

/** Where the card's length is in the record that starts at `at`: after its page's part. */
function cardLengthAt(blob: Buffer, at: number): number {
  const gzipAt = pageGzipLengthAt(blob, answerEnd(blob, at));
  return gzipAt + 4 + blob.readUInt32LE(gzipAt);
}

/** Where the entry starts in the record that starts at `at`: after its card. */
function cardEnd(blob: Buffer, at: number): number {
  const lengthAt = cardLengthAt(blob, at);
  return lengthAt + 4 + blob.readUInt32LE(lengthAt);
}

/** The card's text of the record that starts at `at`. */
function cardOf(blob: Buffer, at: number): string {
  const lengthAt = cardLengthAt(blob, at);
  return blob.toString('utf8', lengthAt + 4, lengthAt + 4 + blob.readUInt32LE(lengthAt));
}

/** [digest length u8][digest][cursor length u16][cursor][list form length u32][list form]. */
function packListed(part: JsonPart, cursor: string): Buffer {
  const digest = Buffer.from(part.digest, 'latin1');
  const next = Buffer.from(cursor, 'latin1');
  const head = Buffer.alloc(1 + digest.length + 2 + next.length + 4);
  head[0] = digest.length;
  digest.copy(head, 1);
  head.writeUInt16LE(next.length, 1 + digest.length);
  next.copy(head, 3 + digest.length);
  head.writeUInt32LE(part.bytes.length, 3 + digest.length + next.length);
  return Buffer.concat([head, part.bytes]);
}

/** The record's parts; `whole`: false when only the answer's part was read (no entry). */
function unpack(lang: Language, blob: Buffer, whole: boolean): TierItem {
  const etagEnd = 1 + blob[0]!;
  const etag = blob.toString('latin1', 1, etagEnd);
  const detailStart = etagEnd + 4;
  const detailEnd = detailStart + blob.readUInt32LE(etagEnd);
  const gzipStart = detailEnd + 4;
  const gzipEnd = gzipStart + blob.readUInt32LE(detailEnd);
  return {
    lang,
    etag,
    detail: blob.subarray(detailStart, detailEnd),
    gzip: gzipEnd > gzipStart ? blob.subarray(gzipStart, gzipEnd) : undefined,
    entry: () => {
      if (!whole) throw new Error('published tier: the entry was not read');
      return blob.toString('utf8', cardEnd(blob, 0));
    },
  };
}
