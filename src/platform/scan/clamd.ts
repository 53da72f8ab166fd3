import net from 'node:net';

/**
 * A client for ClamAV's clamd (CLD.9.5.2: every uploaded file is scanned). Files go over the
 * INSTREAM command in chunks as they arrive, so nothing is buffered whole; clamd itself spools the
 * stream to its temporary directory and scans it after the zero-length terminator.
 *
 * Address: `unix:///run/clamav/clamd.ctl` or `tcp://127.0.0.1:3310`. Every command uses its own
 * connection and the NUL-delimited ("z") form of the protocol.
 */

export type ScanResult = { infected: false } | { infected: true; signature: string };

export interface ClamdVersion {
  /** e.g. "1.4.6" */
  engine: string;
  /** Version of the official daily database; null when clamd runs with local signatures only. */
  databaseVersion: number | null;
  databaseDate: Date | null;
}

/** Anything clamd could not answer as a scan result. The subclasses say why. */
export class ScannerError extends Error {
  override name = 'ScannerError';
}

/** clamd cannot be reached, or dropped the connection without an answer. */
export class ScannerUnavailableError extends ScannerError {
  override name = 'ScannerUnavailableError';
}

/** The stream is longer than clamd's StreamMaxLength: the file was not scanned. */
export class ScannerSizeLimitError extends ScannerError {
  override name = 'ScannerSizeLimitError';
}

/** clamd stopped reading or did not answer within the timeout. */
export class ScannerTimeoutError extends ScannerError {
  override name = 'ScannerTimeoutError';
}

// clamd's own limit per chunk is far larger; 64 KiB keeps memory per scan small and fixed.
const MAX_CHUNK = 64 * 1024;
// Control commands answer at once; a scanner that needs longer than this is as good as down.
const COMMAND_TIMEOUT_MS = 5000;
// A live clamd answers PING in milliseconds, even while scanning: 2 s, as /readyz waits.
const PROBE_TIMEOUT_MS = 2000;
// While a file streams, a live clamd reads continuously; this long without reading means hung.
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;
const TERMINATOR = Buffer.alloc(4);

type Address = { path: string } | { host: string; port: number };

function parseAddress(url: string): Address {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`clamd address is not a URL: ${url}`);
  }
  if (parsed.protocol === 'unix:') {
    const socketPath = decodeURIComponent(parsed.pathname);
    if (parsed.host !== '' || !socketPath.startsWith('/')) {
      throw new Error(`clamd unix address needs an absolute path (unix:///path/to/clamd.ctl): ${url}`);
    }
    return { path: socketPath };
  }
  if (parsed.protocol === 'tcp:') {
    const port = Number(parsed.port);
    if (!parsed.hostname || !Number.isInteger(port) || port < 1) {
      throw new Error(`clamd tcp address needs a host and port (tcp://127.0.0.1:3310): ${url}`);
    }
    return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port };
  }
  throw new Error(`clamd address must start with unix:// or tcp://: ${url}`);
}

/** Reads clamd's NUL-terminated replies; `done` settles on end, close, error or timeout. */
class Reply {
  text = '';
  readonly done: Promise<string>;
  private failure: Error | undefined;

  constructor(socket: net.Socket) {
    this.done = new Promise<string>((resolve, reject) => {
      socket.setEncoding('utf8');
      socket.on('data', (data: string) => {
        this.text += data;
      });
      socket.on('timeout', () => {
        this.failure ??= new ScannerTimeoutError('clamd did not answer in time');
        socket.destroy();
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        this.failure ??= new ScannerUnavailableError(`clamd connection failed: ${error.message}`, {
          cause: error,
        });
      });
      socket.on('close', () => {
        // A complete answer wins over the error of writing into a connection clamd closed.
        if (this.text.includes('\0')) resolve(this.text);
        else if (this.failure) reject(this.failure);
        else if (this.text) resolve(this.text);
        else reject(new ScannerUnavailableError('clamd closed the connection without an answer'));
      });
    });
    // Settled later by whoever awaits it; never an unhandled rejection meanwhile.
    this.done.catch(() => {});
  }

  get complete(): boolean {
    return this.text.includes('\0');
  }
}

function firstLine(text: string): string {
  return (text.split('\0')[0] ?? '').trim();
}

const FOUND = /^stream: (.+?)(?:\([0-9a-f]{32,64}:\d+\))? FOUND$/;

function parseScanReply(text: string): ScanResult {
  const line = firstLine(text);
  if (line === 'stream: OK') return { infected: false };
  const found = FOUND.exec(line);
  if (found) return { infected: true, signature: found[1]! };
  if (/size limit exceeded/i.test(line)) {
    throw new ScannerSizeLimitError('the file is larger than the scanner accepts (StreamMaxLength)');
  }
  throw new ScannerError(`clamd answered: ${line || '(nothing)'}`);
}

export class ClamdClient {
  private readonly address: Address;
  private readonly timeoutMs: number;
  private readonly idleTimeoutMs: number;

  /**
   * timeoutMs: how long clamd may take for its verdict once the whole file is sent (a large
   * archive takes a while). idleTimeoutMs: how long clamd may stop reading while the file streams.
   */
  constructor(
    readonly url: string,
    options: { timeoutMs?: number; idleTimeoutMs?: number } = {},
  ) {
    this.address = parseAddress(url);
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.idleTimeoutMs = Math.min(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, this.timeoutMs);
  }

  private connect(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket =
        'path' in this.address
          ? net.connect({ path: this.address.path })
          : net.connect({ host: this.address.host, port: this.address.port });
      const timer = setTimeout(
        () => {
          socket.destroy();
          reject(
            new ScannerTimeoutError(`no connection to clamd at ${this.url} within ${this.timeoutMs} ms`),
          );
        },
        Math.min(this.timeoutMs, COMMAND_TIMEOUT_MS),
      );
      const onError = (error: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new ScannerUnavailableError(`clamd at ${this.url} is unreachable: ${error.message}`));
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        resolve(socket);
      });
    });
  }

  private async command(name: string, timeoutMs = COMMAND_TIMEOUT_MS): Promise<string> {
    const socket = await this.connect();
    const reply = new Reply(socket);
    socket.setTimeout(Math.min(this.timeoutMs, timeoutMs));
    socket.end(`z${name}\0`);
    return firstLine(await reply.done);
  }

  /**
   * Streams the source to clamd and returns its verdict. Waits for clamd to take each chunk
   * (back-pressure); the timeout counts only time spent waiting for clamd, not for the source.
   */
  async scan(source: AsyncIterable<Buffer> | NodeJS.ReadableStream): Promise<ScanResult> {
    // A hung clamd still accepts connections (the kernel does) and a small file fits the socket
    // buffers: only the verdict would never come. A PING first fails such an upload in seconds.
    const pong = await this.command('PING', PROBE_TIMEOUT_MS);
    if (pong !== 'PONG')
      throw new ScannerUnavailableError(`clamd answered PING with: ${pong || '(nothing)'}`);
    const socket = await this.connect();
    const reply = new Reply(socket);
    const waitForClamd = (): Promise<void> =>
      new Promise((resolve) => {
        const settle = () => {
          socket.off('drain', settle);
          socket.off('close', settle);
          socket.setTimeout(0);
          resolve();
        };
        socket.setTimeout(this.idleTimeoutMs);
        socket.on('drain', settle);
        socket.on('close', settle);
      });
    // Stops early once clamd has answered (size limit) or the connection is gone.
    const stopped = () => reply.complete || socket.destroyed || socket.writableEnded;
    let sentWhole = false;
    try {
      socket.write('zINSTREAM\0');
      for await (const data of source as AsyncIterable<Buffer | string>) {
        const chunk = typeof data === 'string' ? Buffer.from(data) : data;
        for (let offset = 0; offset < chunk.length && !stopped(); offset += MAX_CHUNK) {
          const piece = chunk.subarray(offset, offset + MAX_CHUNK);
          const header = Buffer.allocUnsafe(4);
          header.writeUInt32BE(piece.length);
          // Corked: the length and its bytes leave in one writev, not two system calls.
          socket.cork();
          socket.write(header);
          const flowing = socket.write(piece);
          socket.uncork();
          if (!flowing) await waitForClamd();
        }
        if (stopped()) break;
      }
      if (!stopped()) {
        socket.setTimeout(this.timeoutMs);
        socket.end(TERMINATOR);
        sentWhole = true;
      }
    } catch (error) {
      // The source failed (an aborted upload): clamd gets no terminator and discards the stream.
      socket.destroy();
      throw error;
    }
    try {
      return parseScanReply(await reply.done);
    } catch (error) {
      // clamd answers "size limit exceeded" and closes at once; a write racing that close fails
      // with EPIPE/ECONNRESET and the answer is lost with the connection. A clamd that still
      // answers PING closed the stream on purpose, and StreamMaxLength is its reason to do so.
      const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
      if (
        error instanceof ScannerUnavailableError &&
        !sentWhole &&
        (code === 'EPIPE' || code === 'ECONNRESET') &&
        (await this.ping())
      ) {
        throw new ScannerSizeLimitError('the file is larger than the scanner accepts (StreamMaxLength)', {
          cause: error,
        });
      }
      throw error;
    }
  }

  /** true when clamd answers PONG; never throws (for /readyz). */
  async ping(): Promise<boolean> {
    try {
      return (await this.command('PING')) === 'PONG';
    } catch {
      return false;
    }
  }

  /** "ClamAV 1.4.6/27500/Tue Dec 1 08:00:00 2026", or "ClamAV 1.4.6" without official databases. */
  async version(): Promise<ClamdVersion> {
    const line = await this.command('VERSION');
    const match = /^ClamAV ([^/\s]+)(?:\/(\d+)\/(.+))?$/.exec(line);
    if (!match) throw new ScannerError(`unexpected VERSION answer from clamd: ${line}`);
    const date = match[3] === undefined ? null : new Date(match[3]);
    return {
      engine: match[1]!,
      databaseVersion: match[2] === undefined ? null : Number(match[2]),
      databaseDate: date && !Number.isNaN(date.getTime()) ? date : null,
    };
  }

  /**
   * Asks clamd to reload its databases. clamd loads them in the background and keeps the old
   * engine if loading fails, so this returning does not mean the new signatures are active.
   */
  async reload(): Promise<void> {
    const line = await this.command('RELOAD');
    if (line !== 'RELOADING') throw new ScannerError(`unexpected RELOAD answer from clamd: ${line}`);
  }
}
