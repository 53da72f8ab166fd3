import fs from 'node:fs';
import { PassThrough, Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../db/database.js';
import { actorId } from '../../platform/access/actor.js';
import type { TenantContext } from '../../platform/access/context.js';
import type { Permission } from '../../platform/access/permissions.js';
import { runAsSystem } from '../../platform/access/system-context.js';
import { ManifestedZip, type ManifestFile } from '../../platform/archive/manifested-zip.js';
import { audit } from '../../platform/audit/audit.js';
import { chainOf } from '../../platform/audit/chain.js';
import { auditLinksPage, storedHead } from '../../platform/audit/verify.js';
import type { KeyRing } from '../../platform/crypto/data-keys.js';
import { hashTap } from '../../platform/crypto/hash-tap.js';
import { encryptStream, openEncryptedRange } from '../../platform/crypto/segmented-aead.js';
import { Errors, found } from '../../platform/errors.js';
import { type BlobStore, newBlobKey } from '../../platform/storage/blob-store.js';
import { findOrganisation } from '../../platform/tenancy/organisations.repo.js';
import { toolVersion } from '../../platform/version.js';
import { datasetCsvChunks, type PageReader } from '../opendata/index.js';
import { openApplicantsPersonalData } from '../rally/index.js';
import * as repo from './export.repo.js';
import type { ExportJob } from './export.schema.js';

/** What building an export needs besides the database: the files and the keys to open them. */
export interface ExportDeps {
  db: Database;
  blobs: BlobStore;
  keys: KeyRing;
}

/** manifest.json of an export. */
export interface Manifest {
  format: 'mitte-c/organisation-export/v1';
  serviceCode: string;
  createdAt: string;
  tool: { name: string; version: string };
  files: ManifestFile[];
}

/** Runs fn in one short transaction of the organisation (a page of the export). */
export type ExportReader = PageReader;

/** The full export is the admin's; content reads inside it need the modules' view rights. */
export const EXPORT_PERMISSION: Permission = 'organisation:manage';
/** What a system context (CLI, the background build) is granted to build an export. */
export const EXPORT_GRANTS: readonly Permission[] = [EXPORT_PERMISSION, 'spots:view', 'events:view'];

const PAGE = 200;
const AUDIT_PAGE = 1000;
// A building export not touched for this long lost its node: shown as failed.
const STALE_MS = 10 * 60_000;

/** A name that is safe as a zip entry on every system: no path, no control characters. */
function entryName(name: string, fallback: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_').trim();
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : fallback;
}

function iso(value: Date | null | undefined): string | null {
  return value ? value.toISOString() : null;
}

/**
 * Writes the organisation's full export to `out` as one zip: manifest, organisation, content
 * (every item, every language, revisions and links), the 推奨データセット CSVs, media originals
 * (decrypted) with their metadata, users without secrets, site settings, analytics aggregates
 * and the audit chain with its head, so it verifies outside mitte-C. Every page is read in a
 * transaction of its own; no transaction is open while bytes are written.
 */
export async function writeOrganisationExport(
  read: ExportReader,
  deps: Pick<ExportDeps, 'blobs' | 'keys'>,
  out: Writable,
  onProgress: (done: number, total: number) => void | Promise<void> = () => {},
): Promise<Manifest> {
  const start = await read(async (ctx) => {
    ctx.require(EXPORT_PERMISSION);
    const counts = await repo.countsForExport(ctx.tx, ctx.org.serviceCode);
    return { org: ctx.org.serviceCode, counts };
  });
  const org = start.org;
  // Fixed files: organisation, categories, two CSVs, users, site settings, two analytics files,
  // five of the stamp rally, audit events and chain head.
  const total = start.counts.items + start.counts.media * 2 + 15;
  const archive = new ManifestedZip(out);
  const step = async () => onProgress(archive.fileCount, Math.max(total, archive.fileCount));
  try {
    await archive.addJson('organisation.json', await read((ctx) => findOrganisation(ctx.tx, org)));
    await archive.addJson(
      'content/categories.json',
      await read((ctx) => repo.contentCategories(ctx.tx, org)),
    );
    await step();
    let after: string | null = null;
    for (;;) {
      const page = await read((ctx) => repo.contentPage(ctx.tx, org, after, PAGE));
      for (const item of page.items) {
        await archive.addJson(`content/${item.kind}/${item.id}.json`, {
          id: item.id,
          kind: item.kind,
          status: item.status,
          version: item.version,
          data: item.data,
          publishedData: item.published_data,
          publishedAt: iso(item.published_at),
          publishAt: iso(item.publish_at),
          unpublishAt: iso(item.unpublish_at),
          externalId: item.external_id,
          createdAt: iso(item.created_at),
          updatedAt: iso(item.updated_at),
          createdBy: item.created_by,
          links: page.links
            .filter((l) => l.from_id === item.id)
            .map((l) => ({ role: l.role, position: l.position, to: l.to_id })),
          revisions: page.revisions
            .filter((r) => r.item_id === item.id)
            .map((r) => ({
              version: r.version,
              status: r.status,
              data: r.data,
              actorId: r.actor_id,
              note: r.note,
              createdAt: iso(r.created_at),
            })),
        });
      }
      await step();
      if (page.items.length < PAGE) break;
      after = page.items[page.items.length - 1]!.id;
    }
    for (const dataset of ['tourism', 'events'] as const) {
      await archive.addStream(
        `opendata/${dataset === 'tourism' ? '観光施設一覧' : 'イベント一覧'}.csv`,
        Readable.from(datasetCsvChunks(read, dataset)),
      );
    }
    let afterMedia: string | null = null;
    for (;;) {
      const rows = await read((ctx) => repo.mediaPage(ctx.tx, org, afterMedia, PAGE));
      for (const row of rows) {
        const name = entryName(row.original_name, `${row.id}.${row.extension}`);
        await archive.addJson(`media/${row.id}/metadata.json`, {
          id: row.id,
          kind: row.kind,
          mime: row.mime,
          originalName: row.original_name,
          file: name,
          sizeBytes: Number(row.size_bytes),
          sha256: row.sha256,
          width: row.width,
          height: row.height,
          durationMs: row.duration_ms,
          alt: row.alt,
          caption: row.caption,
          credit: row.credit,
          licence: row.licence,
          tags: row.tags,
          createdAt: iso(row.created_at),
          createdBy: row.created_by,
        });
        // Outside any transaction: the key ring opens its own, and the bytes may take long.
        const bytes = await openEncryptedRange(
          deps.blobs.source(row.blob_key),
          (version) => deps.keys.keyByVersion(org, version),
          row.blob_key,
          0,
          Number(row.size_bytes) - 1,
        );
        // Images and videos are compressed already; deflating them again only costs time.
        await archive.addStream(`media/${row.id}/${name}`, bytes, row.kind === 'pdf');
      }
      await step();
      if (rows.length < PAGE) break;
      afterMedia = rows[rows.length - 1]!.id;
    }
    const users = await read((ctx) => repo.usersForExport(ctx.tx, org));
    await archive.addJson(
      'users.json',
      users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        status: u.status,
        rights: u.rights,
        twoFactorEnabled: u.totp_enabled,
        passwordChangedAt: iso(u.password_changed_at),
        lastSignInAt: iso(u.last_sign_in_at),
        createdAt: iso(u.created_at),
        updatedAt: iso(u.updated_at),
        deletedAt: iso(u.deleted_at),
      })),
    );
    const settings = await read((ctx) => repo.siteSettingsForExport(ctx.tx, org));
    await archive.addJson(
      'site-settings.json',
      settings
        ? {
            languages: settings.languages,
            defaultLanguage: settings.default_language,
            logoMediaId: settings.logo_media_id,
            primaryColor: settings.primary_color,
            accentColor: settings.accent_color,
            footerLinks: settings.footer_links,
            updatedAt: iso(settings.updated_at),
          }
        : null,
    );
    await addTables(archive, read, {
      'analytics/daily.jsonl': (ctx, offset) => repo.analyticsDailyPage(ctx.tx, org, offset, 1000),
      'analytics/daily-visitors.jsonl': (ctx, offset) =>
        repo.analyticsVisitorsPage(ctx.tx, org, offset, 1000),
    });
    await step();
    await addRally(archive, read, deps, org);
    await step();
    const chain = chainOf(org);
    // The head is read first: events appended while the export runs (its own audit record)
    // come after it and are left out, so the exported chain ends exactly at this head.
    const head = await read((ctx) => storedHead(ctx.tx, chain));
    await archive.addStream(
      'audit/events.jsonl',
      Readable.from(
        (async function* () {
          let from = 1;
          const last = head?.seq ?? 0;
          while (from <= last) {
            const links = await read((ctx) =>
              auditLinksPage(ctx.tx, chain, from, Math.min(AUDIT_PAGE, last - from + 1)),
            );
            if (links.length === 0) break;
            for (const link of links) yield `${JSON.stringify(link)}\n`;
            from = links[links.length - 1]!.seq + 1;
          }
        })(),
      ),
    );
    await archive.addJson('audit/chain.json', {
      chain,
      head,
      genesis: '0'.repeat(64),
      algorithm:
        'hash = sha256(prevHash ‖ RFC 8785 canonical JSON of { v: 1, chain, seq, at, org, actorType, actorId, action, targetType, targetId, ip, outcome, requestId, details }); verify with `mitte verify-audit --export <file.zip>`',
    });
    await step();
    return await archive.finish({
      format: 'mitte-c/organisation-export/v1' as const,
      serviceCode: org,
      createdAt: new Date().toISOString(),
      tool: { name: 'mitte-C', version: toolVersion() },
    });
  } catch (error) {
    archive.abort(error as Error);
    throw error;
  }
}

/**
 * The stamp rally: campaigns with their prize tiers, survey and checkpoints, and their history;
 * participants and stamps; prize applications with the applicants' personal data decrypted, as
 * the users' addresses are exported in clear (the export is the organisation's own copy). Secrets
 * stay out: the campaigns' QR keys and the participants' secret and recovery-code hashes.
 */
async function addRally(
  archive: ManifestedZip,
  read: ExportReader,
  deps: Pick<ExportDeps, 'keys'>,
  org: string,
): Promise<void> {
  const [campaigns, checkpoints] = await read(async (ctx) => [
    await repo.rallyCampaignsForExport(ctx.tx, org),
    await repo.rallyCheckpointsForExport(ctx.tx, org),
  ]);
  await archive.addJson(
    'rally/campaigns.json',
    campaigns.map((c) => ({
      id: c.id,
      slug: c.slug,
      status: c.status,
      version: c.version,
      texts: c.texts,
      startsAt: iso(c.starts_at),
      endsAt: iso(c.ends_at),
      retentionDays: c.retention_days,
      prizeTiers: c.prize_tiers,
      survey: c.survey,
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
      publishedAt: iso(c.published_at),
      personalDataDeletedAt: iso(c.personal_data_deleted_at),
      checkpoints: checkpoints
        .filter((p) => p.campaign_id === c.id)
        .map((p) => ({
          id: p.id,
          position: p.position,
          spotId: p.spot_id,
          name: p.name,
          lat: p.lat,
          lng: p.lng,
          method: p.method,
          radiusM: p.radius_m,
          createdAt: iso(p.created_at),
        })),
    })),
  );
  await addTables(archive, read, {
    'rally/participants.jsonl': (ctx, offset) => repo.rallyParticipantsPage(ctx.tx, org, offset, 1000),
    'rally/stamps.jsonl': (ctx, offset) => repo.rallyStampsPage(ctx.tx, org, offset, 1000),
    'rally/campaign-revisions.jsonl': (ctx, offset) =>
      repo.rallyCampaignRevisionsPage(ctx.tx, org, offset, 1000),
  });
  await archive.addStream(
    'rally/applications.jsonl',
    Readable.from(
      (async function* () {
        let after: string | null = null;
        for (;;) {
          const rows = await read((ctx) => repo.rallyApplicationsPage(ctx.tx, org, after, PAGE));
          // Opened outside the page's transaction: the key ring opens one of its own.
          const opened = await openApplicantsPersonalData(deps.keys, org, rows);
          for (const [i, a] of opened.entries()) {
            yield `${JSON.stringify({ ...a, campaignId: rows[i]!.campaign_id })}\n`;
          }
          if (rows.length < PAGE) return;
          after = rows[rows.length - 1]!.id;
        }
      })(),
    ),
  );
}

/** Tables as JSON Lines files, each read page by page: path → page reader. */
async function addTables(
  archive: ManifestedZip,
  read: ExportReader,
  tables: Record<string, (ctx: TenantContext, offset: number) => Promise<unknown[]>>,
): Promise<void> {
  for (const [file, page] of Object.entries(tables)) await archive.addStream(file, jsonLines(read, page));
}

/** JSON lines of a table read page by page (offset paging over a stable order). */
function jsonLines<T>(
  read: ExportReader,
  page: (ctx: TenantContext, offset: number) => Promise<T[]>,
): Readable {
  return Readable.from(
    (async function* () {
      let offset = 0;
      for (;;) {
        const rows = await read((ctx) => page(ctx, offset));
        for (const row of rows) yield `${JSON.stringify(row)}\n`;
        if (rows.length < 1000) return;
        offset += rows.length;
      }
    })(),
  );
}

/** An export reader for work no request carries (the CLI, the background build). */
export function systemExportReader(db: Database, org: string, actorId: string): ExportReader {
  return (fn) => runAsSystem(db, { kind: 'tenant', org }, actorId, EXPORT_GRANTS, fn);
}

/**
 * The CLI's export: straight into a file (`.part` first, renamed at the end), removed again if
 * anything fails, disk full included. Audited in the organisation's chain.
 */
export async function exportOrganisationToFile(
  deps: ExportDeps,
  org: string,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ manifest: Manifest; bytes: number; sha256: string }> {
  const partial = `${file}.part`;
  // Created before anything can fail, not by the stream's asynchronous open: that open could
  // create the file after a failure had removed it. A `.part` that exists is refused, not removed.
  const sink = fs.createWriteStream(partial, { fd: fs.openSync(partial, 'wx', 0o600) });
  const { tap: counter, result } = hashTap();
  const written = pipeline(counter, sink);
  written.catch(() => {});
  try {
    const manifest = await writeOrganisationExport(
      systemExportReader(deps.db, org, 'cli'),
      deps,
      counter,
      onProgress,
    );
    await written;
    fs.renameSync(partial, file);
    const { size: bytes, sha256 } = result();
    await runAsSystem(deps.db, { kind: 'tenant', org }, 'cli', EXPORT_GRANTS, (ctx) =>
      audit(ctx, {
        action: 'organisation.exported',
        target: { type: 'organisation', id: org },
        details: { via: 'cli', files: manifest.files.length, bytes, sha256 },
      }),
    );
    return { manifest, bytes, sha256 };
  } catch (error) {
    counter.destroy();
    await new Promise<void>((closed) => (sink.closed ? closed() : sink.once('close', () => closed())));
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

// --- the console's exports: built in the background into the blob store ---

function toJob(row: Awaited<ReturnType<typeof repo.findExport>> & object): ExportJob {
  const stale = row.status === 'building' && Date.now() - row.updated_at.getTime() > STALE_MS;
  return {
    id: row.id,
    status: stale ? 'failed' : row.status,
    createdAt: row.created_at.toISOString(),
    finishedAt: iso(row.finished_at),
    filesDone: row.files_done,
    filesTotal: row.files_total,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    sha256: row.sha256,
    error: stale ? 'the node building it stopped' : row.error,
  };
}

/**
 * An admin starts a full export: the row is created (and audited) in the request's transaction;
 * the caller starts `buildExport` once that has committed.
 */
export async function startExport(ctx: TenantContext): Promise<ExportJob> {
  ctx.require(EXPORT_PERMISSION);
  const running = (await repo.listExports(ctx.tx, ctx.org.serviceCode, 5)).map(toJob);
  if (running.some((job) => job.status === 'building')) {
    throw Errors.conflict({
      ja: 'エクスポートを作成中です。完了してから、もう一度お試しください。',
      en: 'An export is being built. Try again once it has finished.',
    });
  }
  const row = await repo.insertExport(ctx.tx, ctx.org.serviceCode, actorId(ctx.actor));
  await audit(ctx, { action: 'organisation.export_started', target: { type: 'export', id: row.id } });
  return toJob(row);
}

export async function listExportJobs(ctx: TenantContext): Promise<ExportJob[]> {
  ctx.require(EXPORT_PERMISSION);
  return (await repo.listExports(ctx.tx, ctx.org.serviceCode, 20)).map(toJob);
}

export async function findExportJob(ctx: TenantContext, id: string): Promise<ExportJob> {
  ctx.require(EXPORT_PERMISSION);
  const row = found(await repo.findExport(ctx.tx, ctx.org.serviceCode, id));
  return toJob(row);
}

/**
 * Builds a started export into the blob store, encrypted under the organisation's data key, and
 * records the outcome. Runs after the request that started it has answered; never throws.
 */
export async function buildExport(deps: ExportDeps, org: string, id: string): Promise<void> {
  const read = systemExportReader(deps.db, org, 'export');
  const blobKey = newBlobKey(org, 'export');
  const { tap: counter, result } = hashTap();
  let lastTick = 0;
  try {
    const key = await deps.keys.currentKey(org);
    const plain = new PassThrough();
    const encrypted = encryptStream(key.key, key.version, blobKey);
    const stored = deps.blobs.put(blobKey, encrypted);
    const flowing = pipeline(plain, counter, encrypted);
    flowing.catch(() => {});
    stored.catch(() => {});
    const manifest = await writeOrganisationExport(read, deps, plain, async (done, total) => {
      if (Date.now() - lastTick < 1000) return;
      lastTick = Date.now();
      await read((ctx) => repo.exportProgress(ctx.tx, org, id, done, total));
    });
    await flowing;
    await stored;
    const { size: sizeBytes, sha256 } = result();
    await read(async (ctx) => {
      await repo.exportProgress(ctx.tx, org, id, manifest.files.length + 1, manifest.files.length + 1);
      await repo.finishExport(ctx.tx, org, id, { blobKey, sizeBytes, sha256 });
      await audit(ctx, {
        action: 'organisation.exported',
        target: { type: 'export', id },
        details: { via: 'console', files: manifest.files.length + 1, bytes: sizeBytes, sha256 },
      });
    });
  } catch (error) {
    await deps.blobs.delete(blobKey).catch(() => {});
    await read(async (ctx) => {
      await repo.finishExport(ctx.tx, org, id, { error: (error as Error).message });
      await audit(ctx, {
        action: 'organisation.exported',
        outcome: 'failure',
        target: { type: 'export', id },
        details: { error: (error as Error).message.slice(0, 200) },
      });
    }).catch(() => {});
  }
}

/** Where a ready export's file is, for the download route (checked in the caller's transaction). */
export async function findExportFile(
  ctx: TenantContext,
  id: string,
): Promise<{ blobKey: string; sizeBytes: number; fileName: string }> {
  ctx.require(EXPORT_PERMISSION);
  const row = await repo.findExport(ctx.tx, ctx.org.serviceCode, id);
  if (!row || row.status !== 'ready' || !row.blob_key || row.size_bytes === null) throw Errors.notFound();
  const day = row.created_at.toISOString().slice(0, 10);
  return {
    blobKey: row.blob_key,
    sizeBytes: Number(row.size_bytes),
    fileName: `${ctx.org.serviceCode}-export-${day}.zip`,
  };
}

/** The decrypted bytes start…end of an export file (outside any transaction). */
export function openExportBytes(
  deps: Pick<ExportDeps, 'blobs' | 'keys'>,
  org: string,
  blobKey: string,
  start: number,
  end: number,
): Promise<Readable> {
  return openEncryptedRange(
    deps.blobs.source(blobKey),
    (v) => deps.keys.keyByVersion(org, v),
    blobKey,
    start,
    end,
  );
}
