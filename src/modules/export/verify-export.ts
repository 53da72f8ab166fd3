import { createHash } from 'node:crypto';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { MANIFEST_PATH } from '../../platform/archive/manifested-zip.js';
import { type ChainLink, type ChainReport, verifyChainLinks } from '../../platform/audit/verify.js';
import type { Manifest } from './export.service.js';

export interface ExportVerification {
  ok: boolean;
  serviceCode: string | null;
  files: number;
  /** Files whose bytes differ from the manifest, are missing from it, or that it lists but the zip lacks. */
  problems: string[];
  audit: ChainReport | null;
}

const openZip = promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open);

/**
 * Checks an export file with nothing but the file: every entry against the manifest's size and
 * SHA-256, and the audit chain recomputed link by link up to the exported head. What an
 * organisation (or its next vendor) runs to trust an export: `mitte verify-audit --export`.
 */
export async function verifyExportFile(file: string): Promise<ExportVerification> {
  const zip = await openZip(file, { lazyEntries: true, autoClose: false, strictFileNames: true });
  try {
    const entries = await listEntries(zip);
    const byName = new Map(entries.map((e) => [e.fileName, e]));
    const manifestEntry = byName.get(MANIFEST_PATH);
    const problems: string[] = [];
    if (!manifestEntry) {
      return { ok: false, serviceCode: null, files: 0, problems: ['manifest.json is missing'], audit: null };
    }
    const manifest = JSON.parse(
      (await readAll(await openEntry(zip, manifestEntry))).toString('utf8'),
    ) as Manifest;
    const listed = new Set<string>();
    for (const expected of manifest.files) {
      listed.add(expected.path);
      const entry = byName.get(expected.path);
      if (!entry) {
        problems.push(`${expected.path}: listed in the manifest but not in the zip`);
        continue;
      }
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of await openEntry(zip, entry)) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
      if (size !== expected.size || hash.digest('hex') !== expected.sha256) {
        problems.push(`${expected.path}: content differs from the manifest (size or SHA-256)`);
      }
    }
    for (const entry of entries) {
      if (entry.fileName !== MANIFEST_PATH && !listed.has(entry.fileName) && !entry.fileName.endsWith('/')) {
        problems.push(`${entry.fileName}: in the zip but not in the manifest`);
      }
    }
    let auditReport: ChainReport | null = null;
    const chainEntry = byName.get('audit/chain.json');
    const eventsEntry = byName.get('audit/events.jsonl');
    if (!chainEntry || !eventsEntry) {
      problems.push('audit/chain.json or audit/events.jsonl is missing');
    } else {
      const chain = JSON.parse((await readAll(await openEntry(zip, chainEntry))).toString('utf8')) as {
        chain: string;
        head: { seq: number; hash: string } | null;
      };
      const lines = readline.createInterface({
        input: await openEntry(zip, eventsEntry),
        crlfDelay: Infinity,
      });
      auditReport = await verifyChainLinks(
        chain.chain,
        (async function* () {
          for await (const line of lines) if (line.trim()) yield JSON.parse(line) as ChainLink;
        })(),
        async () => chain.head,
        true,
      );
    }
    return {
      ok: problems.length === 0 && Boolean(auditReport?.ok),
      serviceCode: manifest.serviceCode ?? null,
      files: manifest.files.length,
      problems,
      audit: auditReport,
    };
  } finally {
    zip.close();
  }
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve(entries));
    zip.once('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
