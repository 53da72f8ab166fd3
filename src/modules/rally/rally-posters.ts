import { buffer } from 'node:stream/consumers';
import yazl from 'yazl';
import type { RotatingCodeScreen } from '../../contract/rally.js';
import type { LazyContext, TenantContext } from '../../platform/access/context.js';
import { audit } from '../../platform/audit/audit.js';
import { Errors } from '../../platform/errors.js';
import { type PrintFontFile, pdfFont, printFont } from '../../platform/print-font.js';
import { qrPng, qrSvg } from '../../platform/qr.js';
import type { CampaignRow, CheckpointRow } from './rally.repo.js';
import { listCheckpointRows } from './rally.repo.js';
import { requireCampaign, requireCheckpoint } from './rally.service.js';
import { type RallyKeys, ROTATING_PERIOD_S, rotatingWindow } from './rally-tokens.js';

/** Where posters point and which font prints Japanese (the deletion certificate's). */
export interface PosterSettings {
  baseUrl: string;
  font: PrintFontFile;
}

const METHOD_TEXT: Record<CheckpointRow['method'], { ja: string; en: string }> = {
  qr: {
    ja: 'スマートフォンのカメラでこの QR コードを読み取り、「スタンプを押す」を押してください。',
    en: 'Scan this QR code with your phone’s camera and press “Collect stamp”.',
  },
  qr_location: {
    ja: 'この QR コードを読み取り、位置情報の利用を許可してスタンプを押してください（この場所の近くでのみ押せます）。',
    en: 'Scan this QR code and allow location access to collect the stamp (only near this place).',
  },
  location: {
    ja: 'スタンプラリーのページを開き、この場所の近くで「現在地でスタンプを押す」を押してください。',
    en: 'Open the stamp rally page and press “Stamp at my location” near this place.',
  },
  staff_code: {
    ja: 'スタッフにスタンプコードをお尋ねください。',
    en: 'Ask the staff for the stamp code.',
  },
  rotating_code: {
    ja: '窓口の画面に表示されている QR コードを読み取るか、6 桁のコードを入力してください（1 分ごとに変わります）。',
    en: 'Scan the QR code on the screen at the counter or enter its 6-digit code (it changes every minute).',
  },
};

/** The URL a checkpoint's QR code carries: the site picks the visitor's language. */
export function checkInUrl(
  settings: PosterSettings,
  org: string,
  campaign: CampaignRow,
  checkpoint: CheckpointRow,
  token: string,
): string {
  const base = settings.baseUrl.replace(/\/+$/, '');
  return `${base}/s/${org}/rally/${campaign.slug}/c/${checkpoint.id}?t=${encodeURIComponent(token)}`;
}

async function renderPoster(
  settings: PosterSettings,
  campaign: CampaignRow,
  checkpoint: CheckpointRow,
  url: string,
): Promise<Buffer> {
  // Loaded when a poster is printed: pdfkit costs every process that loads this module about 0.3 s
  // of CPU.
  const [{ default: PDFDocument }, qr, font] = await Promise.all([
    import('pdfkit'),
    qrPng(url, 900),
    printFont(settings.font),
  ]);
  // Fixed dates so the same checkpoint and key print the same bytes.
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 48, left: 56, right: 56 },
    info: {
      Title: `${campaign.texts.name?.ja ?? ''} ${checkpoint.name.ja ?? ''}`,
      Author: 'mitte-C',
      CreationDate: campaign.updated_at,
      ModDate: campaign.updated_at,
    },
  });
  const done = buffer(doc);
  doc.font(pdfFont(font));
  const width = doc.page.width - 112;
  doc.fontSize(16).text('デジタルスタンプラリー / Digital stamp rally', { align: 'center' });
  doc
    .moveDown(0.3)
    .fontSize(24)
    .text(campaign.texts.name?.ja ?? '', { align: 'center' });
  if (campaign.texts.name?.en) doc.fontSize(14).text(campaign.texts.name.en, { align: 'center' });
  doc
    .moveDown(0.8)
    .fontSize(30)
    .text(checkpoint.name.ja ?? '', { align: 'center' });
  if (checkpoint.name.en) doc.fontSize(18).text(checkpoint.name.en, { align: 'center' });
  const size = 300;
  doc.image(qr, 56 + (width - size) / 2, doc.y + 20, { width: size, height: size });
  doc.y += size + 40;
  const text = METHOD_TEXT[checkpoint.method];
  doc.fontSize(13).text(text.ja, { align: 'center' });
  doc.moveDown(0.3).fontSize(11).text(text.en, { align: 'center' });
  doc.moveDown(1).fontSize(8).fillColor('#333333').text(url, { align: 'center' });
  doc.end();
  return done;
}

/**
 * What lets a visitor stamp at a checkpoint: the QR link (the poster's) and, for staff-code
 * checkpoints, the code staff tell visitors. Seeing them is as good as being there, so it needs
 * the edit right and is audited.
 */
export async function checkpointCredentials(
  ctx: TenantContext,
  keys: RallyKeys,
  settings: PosterSettings,
  campaignId: string,
  checkpointId: string,
): Promise<{ url: string; staffCode: string | null; keyVersion: number }> {
  ctx.require('campaigns:edit');
  const { campaign, checkpoint } = await requireCheckpoint(ctx, campaignId, checkpointId);
  const org = ctx.scope.org;
  const token = keys.checkpointToken(org, campaign, checkpoint.id);
  await audit(ctx, {
    action: 'rally.checkpoint.credentials_viewed',
    target: { type: 'rally_checkpoint', id: checkpoint.id },
    details: { campaignId: campaign.id, keyVersion: campaign.key_version },
  });
  return {
    url: checkInUrl(settings, org, campaign, checkpoint, token),
    staffCode: checkpoint.method === 'staff_code' ? keys.staffCode(org, campaign, checkpoint.id) : null,
    keyVersion: campaign.key_version,
  };
}

/**
 * What the screen at a rotating-code checkpoint shows now. Edit right; not audited, unlike the
 * posters' links: the screen asks every minute, and a code is good for three minutes at most.
 */
export async function rotatingCodeScreen(
  ctx: TenantContext,
  keys: RallyKeys,
  settings: PosterSettings,
  campaignId: string,
  checkpointId: string,
  now = new Date(),
): Promise<RotatingCodeScreen> {
  ctx.require('campaigns:edit');
  const { campaign, checkpoint } = await requireCheckpoint(ctx, campaignId, checkpointId);
  if (checkpoint.method !== 'rotating_code') throw Errors.notFound();
  const window = rotatingWindow(now);
  const code = keys.rotatingCode(ctx.scope.org, campaign, checkpoint.id, window);
  const base = settings.baseUrl.replace(/\/+$/, '');
  const url = `${base}/s/${ctx.scope.org}/rally/${campaign.slug}/c/${checkpoint.id}?code=${code}`;
  return {
    code,
    url,
    qrSvg: await qrSvg(url),
    changesAt: new Date((window + 1) * ROTATING_PERIOD_S * 1000).toISOString(),
    periodSeconds: ROTATING_PERIOD_S,
  };
}

/** A file name for a checkpoint's poster: position and id, nothing the staff typed. */
const posterName = (checkpoint: CheckpointRow) =>
  `poster-${String(checkpoint.position + 1).padStart(2, '0')}-${checkpoint.id.slice(0, 8)}.pdf`;

/**
 * A checkpoint's A4 poster. Its QR code lets anyone stamp there, so printing needs the edit right
 * and is audited. The audit is written, in a short transaction, before the poster is drawn, and
 * no transaction is held while it is: on the embedded database one would hold every request of
 * the service behind it.
 */
export async function checkpointPoster(
  ctx: LazyContext<TenantContext>,
  keys: RallyKeys,
  settings: PosterSettings,
  campaignId: string,
  checkpointId: string,
): Promise<{ fileName: string; pdf: Buffer }> {
  ctx.require('campaigns:edit');
  const { campaign, checkpoint, url } = await ctx.transaction(async (inner) => {
    const { campaign, checkpoint } = await requireCheckpoint(inner, campaignId, checkpointId);
    const token = keys.checkpointToken(inner.scope.org, campaign, checkpoint.id);
    await audit(inner, {
      action: 'rally.posters.printed',
      target: { type: 'rally_checkpoint', id: checkpoint.id },
      details: { campaignId: campaign.id, keyVersion: campaign.key_version },
    });
    return { campaign, checkpoint, url: checkInUrl(settings, inner.scope.org, campaign, checkpoint, token) };
  });
  return { fileName: posterName(checkpoint), pdf: await renderPoster(settings, campaign, checkpoint, url) };
}

/**
 * Every checkpoint's poster in one ZIP; audited first, as one poster is, and drawn with no
 * transaction held (a campaign of 30 checkpoints takes seconds to draw).
 */
export async function campaignPosters(
  ctx: LazyContext<TenantContext>,
  keys: RallyKeys,
  settings: PosterSettings,
  campaignId: string,
): Promise<{ fileName: string; zip: Buffer }> {
  ctx.require('campaigns:edit');
  const { campaign, checkpoints } = await ctx.transaction(async (inner) => {
    const campaign = await requireCampaign(inner, campaignId);
    const checkpoints = await listCheckpointRows(inner.tx, inner.scope.org, campaign.id);
    await audit(inner, {
      action: 'rally.posters.printed',
      target: { type: 'rally_campaign', id: campaign.id },
      details: { checkpoints: checkpoints.length, keyVersion: campaign.key_version },
    });
    return {
      campaign,
      checkpoints: checkpoints.map((checkpoint) => ({
        checkpoint,
        url: checkInUrl(
          settings,
          inner.scope.org,
          campaign,
          checkpoint,
          keys.checkpointToken(inner.scope.org, campaign, checkpoint.id),
        ),
      })),
    };
  });
  const zip = new yazl.ZipFile();
  for (const { checkpoint, url } of checkpoints) {
    zip.addBuffer(await renderPoster(settings, campaign, checkpoint, url), posterName(checkpoint), {
      mtime: campaign.updated_at,
    });
  }
  zip.end();
  return { fileName: `posters-${campaign.slug}.zip`, zip: await buffer(zip.outputStream) };
}
