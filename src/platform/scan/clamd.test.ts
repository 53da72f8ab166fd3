import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClamd, type TestClamd } from '../../../test/helpers/clamd.js';
import { EICAR, zipOf } from '../../../test/helpers/zip.js';
import {
  ClamdClient,
  ScannerError,
  ScannerSizeLimitError,
  ScannerTimeoutError,
  ScannerUnavailableError,
} from './clamd.js';

const TESTFILES = '/usr/share/clamav-testfiles';

async function* repeat(chunk: Buffer, times: number, counter?: { bytes: number }) {
  for (let i = 0; i < times; i++) {
    if (counter) counter.bytes += chunk.length;
    yield chunk;
  }
}

describe('ClamdClient against a real clamd', () => {
  let clamd: TestClamd;
  let client: ClamdClient;

  beforeAll(async () => {
    const started = Date.now();
    clamd = await startClamd();
    console.log(`clamd started in ${Date.now() - started} ms`);
    client = new ClamdClient(clamd.url);
  });
  afterAll(() => clamd?.dispose());

  it('answers PING and VERSION', async () => {
    expect(await client.ping()).toBe(true);
    const version = await client.version();
    expect(version.engine).toMatch(/^\d+\.\d+/);
    // Only our own signatures are loaded: no official database version.
    expect(version.databaseVersion).toBeNull();
    expect(version.databaseDate).toBeNull();
  });

  it('passes a clean file and finds EICAR in a plain stream', async () => {
    expect(await client.scan(Readable.from([Buffer.from('hello, Mitte')]))).toEqual({ infected: false });
    const result = await client.scan(Readable.from([Buffer.from(`prefix ${EICAR} suffix`)]));
    expect(result.infected).toBe(true);
    expect(result.infected && result.signature).toMatch(/^Mitte\.Test\.EICAR/);
  });

  it('finds EICAR split across chunk boundaries and across source chunks', async () => {
    const data = Buffer.concat([randomBytes(64 * 1024 - 20), Buffer.from(EICAR), randomBytes(200_000)]);
    // Source chunks of odd sizes larger than 64 KiB: the client re-chunks them.
    async function* odd() {
      for (let offset = 0; offset < data.length; offset += 100_003)
        yield data.subarray(offset, offset + 100_003);
    }
    const result = await client.scan(odd());
    expect(result).toMatchObject({ infected: true });
  });

  it('finds EICAR inside a deflated zip', async () => {
    const zip = zipOf('readme.txt', Buffer.from(`harmless text\n${EICAR}\n`), true);
    expect(zip.includes(Buffer.from('EICAR'))).toBe(false);
    const result = await client.scan(Readable.from([zip]));
    expect(result).toMatchObject({ infected: true });
    expect(result.infected && result.signature).toMatch(/^Mitte\.Test\.EICAR/);
  });

  it('detects every sample of clamav-testfiles', async () => {
    const names = fs.readdirSync(TESTFILES);
    expect(names.length).toBeGreaterThanOrEqual(40);
    for (const name of names) {
      const result = await client.scan(fs.createReadStream(path.join(TESTFILES, name)));
      expect(result, name).toMatchObject({ infected: true });
    }
  });

  it('scans 100 MB as clean without buffering it', async () => {
    const chunk = randomBytes(1024 * 1024);
    const started = Date.now();
    const rssBefore = process.memoryUsage().rss;
    expect(await client.scan(repeat(chunk, 100))).toEqual({ infected: false });
    const ms = Date.now() - started;
    console.log(`100 MB scanned in ${ms} ms (${Math.round(100_000 / ms)} MB/s)`);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('refuses a gzip bomb (content beyond the limits) as infected', async () => {
    // 700 MB of zeros compress to about 3 MB; unpacked they exceed MaxFileSize.
    const gzip = zlib.createGzip({ level: 1 });
    const compressed: Buffer[] = [];
    gzip.on('data', (data: Buffer) => compressed.push(data));
    const zeros = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < 700; i++) if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
    await new Promise((resolve) => gzip.end(resolve));
    const bomb = Buffer.concat(compressed);
    expect(bomb.length).toBeLessThan(4 * 1024 * 1024);
    const result = await client.scan(Readable.from([bomb]));
    expect(result).toMatchObject({ infected: true });
    expect(result.infected && result.signature).toMatch(/^Heuristics\.Limits\.Exceeded/);
  });

  it('passes on the source error of an aborted upload and stays usable', async () => {
    async function* failing() {
      yield Buffer.from('part of an upload');
      throw new Error('client went away');
    }
    await expect(client.scan(failing())).rejects.toThrow('client went away');
    expect(await client.ping()).toBe(true);
  });

  it('reloads', async () => {
    await expect(client.reload()).resolves.toBeUndefined();
    expect(await client.ping()).toBe(true);
  });

  it('reports an unreachable scanner, and works again once clamd is back', async () => {
    await clamd.stop();
    expect(await client.ping()).toBe(false);
    await expect(client.scan(Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      ScannerUnavailableError,
    );
    await expect(client.version()).rejects.toBeInstanceOf(ScannerUnavailableError);
    const started = Date.now();
    await clamd.start();
    console.log(`clamd restarted in ${Date.now() - started} ms`);
    expect(await client.ping()).toBe(true);
    expect(await client.scan(Readable.from([Buffer.from(EICAR)]))).toMatchObject({ infected: true });
  });
});

describe('ClamdClient limits', () => {
  it('reports a stream over StreamMaxLength as a size-limit error', async () => {
    const small = await startClamd({ streamMaxLength: '1M' });
    try {
      const client = new ClamdClient(small.url);
      const error = await client.scan(repeat(Buffer.alloc(64 * 1024, 1), 64)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ScannerSizeLimitError);
      expect(error).toBeInstanceOf(ScannerError);
      expect(await client.scan(repeat(Buffer.alloc(1000, 1), 10))).toEqual({ infected: false });
    } finally {
      await small.dispose();
    }
  });

  describe('against a server that stops answering', () => {
    let dir: string;
    let server: net.Server;
    let mode: 'never-read' | 'never-answer' | 'drop-stream' = 'never-read';
    const sockets = new Set<net.Socket>();

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-stuck-'));
      server = net.createServer({ allowHalfOpen: true }, (socket) => {
        sockets.add(socket);
        if (mode === 'drop-stream') {
          // Answers PING, but drops a stream after 256 KB without a word, as clamd does when
          // its size-limit answer is lost to the client's write racing the close.
          let received = 0;
          socket.on('data', (data: Buffer) => {
            if (received === 0 && data.toString('latin1').startsWith('zPING\0')) socket.end('PONG\0');
            received += data.length;
            if (received > 256 * 1024) socket.destroy();
          });
        } else if (mode === 'never-read') socket.pause();
        else socket.resume();
        socket.on('error', () => {});
      });
      await new Promise<void>((resolve) => server.listen(path.join(dir, 'stuck.sock'), resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('times out while clamd does not read, without pulling the source ahead (back-pressure)', async () => {
      mode = 'never-read';
      const client = new ClamdClient(`unix://${path.join(dir, 'stuck.sock')}`, { timeoutMs: 300 });
      const pulled = { bytes: 0 };
      // The source offers 1 GB; only what fits the socket buffers may be pulled.
      const error = await client
        .scan(repeat(Buffer.alloc(64 * 1024), 16_384, pulled))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ScannerTimeoutError);
      expect(pulled.bytes).toBeLessThan(16 * 1024 * 1024);
    });

    it('reports a stream dropped mid-way by a clamd that still answers PING as a size-limit error', async () => {
      mode = 'drop-stream';
      const client = new ClamdClient(`unix://${path.join(dir, 'stuck.sock')}`, { timeoutMs: 2000 });
      const error = await client.scan(repeat(Buffer.alloc(64 * 1024), 1024)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ScannerSizeLimitError);
    });

    it('times out when clamd takes everything but never answers', async () => {
      mode = 'never-answer';
      const client = new ClamdClient(`unix://${path.join(dir, 'stuck.sock')}`, { timeoutMs: 300 });
      await expect(client.scan(Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
        ScannerTimeoutError,
      );
      expect(await client.ping()).toBe(false);
    });

    it('fails a small upload at once, with the default timeouts, when clamd accepts but is hung', async () => {
      // The file fits the socket buffers, so only the verdict could reveal the hang (after 120 s).
      mode = 'never-answer';
      const client = new ClamdClient(`unix://${path.join(dir, 'stuck.sock')}`);
      await expect(client.scan(Readable.from([Buffer.from('small')]))).rejects.toBeInstanceOf(
        ScannerTimeoutError,
      );
    });
  });

  it('reads answers in the forms production clamd gives them', async () => {
    // Official databases loaded, ExtendedDetectionInfo on: as a real production clamd answers.
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      let request = '';
      socket.on('data', (data) => {
        request += data.toString('latin1');
        if (request.startsWith('zPING\0')) socket.end('PONG\0');
        if (request.startsWith('zVERSION\0')) socket.end('ClamAV 1.4.6/27500/Tue Dec  1 08:00:00 2026\0');
      });
      socket.on('end', () => {
        if (request.startsWith('zINSTREAM\0'))
          socket.end('stream: Eicar-Test-Signature(44d88612fea8a8f36de82e1278abb02f:68) FOUND\0');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const client = new ClamdClient(`tcp://127.0.0.1:${port}`);
      const version = await client.version();
      expect(version).toMatchObject({ engine: '1.4.6', databaseVersion: 27500 });
      expect(version.databaseDate?.getFullYear()).toBe(2026);
      expect(await client.scan(Readable.from([Buffer.from('x')]))).toEqual({
        infected: true,
        signature: 'Eicar-Test-Signature',
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses addresses it cannot use', () => {
    expect(() => new ClamdClient('http://localhost:3310')).toThrow(/unix:\/\/ or tcp:\/\//);
    expect(() => new ClamdClient('unix://relative/clamd.ctl')).toThrow(/absolute path/);
    expect(() => new ClamdClient('tcp://127.0.0.1')).toThrow(/host and port/);
    expect(() => new ClamdClient('tcp://127.0.0.1:3310')).not.toThrow();
  });

  it('reports a refused TCP connection as unavailable', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const client = new ClamdClient(`tcp://127.0.0.1:${port}`);
    await expect(client.scan(Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(
      ScannerUnavailableError,
    );
  });
});
