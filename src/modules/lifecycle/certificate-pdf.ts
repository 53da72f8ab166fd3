import { buffer } from 'node:stream/consumers';
import { type PrintFontFile, pdfFont, printFont } from '../../platform/print-font.js';
import type { CertificateBody } from './certificate.js';

// What each table held, in the words a municipality's contract officer reads (by table name,
// without its schema).
const TABLE_LABELS: Record<string, string> = {
  content_items: 'コンテンツ（スポット・イベント・モデルコース・特集）',
  content_revisions: 'コンテンツの変更履歴',
  content_links: 'コンテンツ間の参照',
  content_categories: 'カテゴリ',
  published_items: '公開中コンテンツの閲覧用コピー',
  published_versions: '公開中コンテンツの版番号',
  media: 'メディア（画像・動画・PDF）の登録情報',
  users: '利用者アカウント',
  user_tokens: '招待・パスワード再設定のリンク',
  user_recovery_codes: '二要素認証の回復コード',
  account_settings: 'アカウント設定',
  site_settings: 'サイト設定',
  analytics_daily: 'アクセス集計（日別）',
  analytics_daily_visitors: '訪問者集計（日別）',
  analytics_visitors: '訪問者識別子',
  sessions: 'ログインセッション',
  rally_campaigns: 'スタンプラリー',
  rally_campaign_revisions: 'スタンプラリーの変更履歴',
  rally_checkpoints: 'スタンプラリーのチェックポイント',
  rally_participants: 'スタンプラリーの参加者',
  rally_stamps: 'スタンプラリーのスタンプ',
  rally_applications: 'スタンプラリーの賞への応募（個人情報を含む）',
  rally_code_failures: 'スタンプラリーのコード入力失敗の記録',
};

function jst(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(new Date(iso).getTime() + 9 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} (JST)`;
}

function day(date: string | null): string {
  if (!date) return '—';
  const [y, m, d] = date.split('-');
  return `${Number(y)}年${Number(m)}月${Number(d)}日`;
}

/**
 * The printable certificate: A4, Japanese. Its bytes are fixed by the body (the PDF's dates come
 * from the purge, not the clock), so the signed digest can be recomputed from the same data.
 */
export async function renderCertificatePdf(
  body: CertificateBody,
  keyId: string,
  font: PrintFontFile,
): Promise<Buffer> {
  // Loaded when a certificate is printed: pdfkit costs every process that loads this module ~0.3 s of CPU.
  const [{ default: PDFDocument }, printed] = await Promise.all([import('pdfkit'), printFont(font)]);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 60, right: 60 },
    info: {
      Title: `削除証明書 ${body.organisation.serviceCode}`,
      Author: 'mitte-C',
      CreationDate: new Date(body.purge.finishedAt),
      ModDate: new Date(body.purge.finishedAt),
    },
  });
  const done = buffer(doc);
  doc.font(pdfFont(printed));
  doc.fontSize(22).text('削除証明書', { align: 'center' });
  doc.fontSize(10).text('Certificate of Data Deletion', { align: 'center' }).moveDown(1.5);
  const o = body.organisation;
  doc
    .fontSize(11)
    .text(
      `mitte-C の運営者は、下記の組織のお客様データを、契約終了に伴い次のとおり削除したことを証明します。`,
    )
    .moveDown();
  const line = (label: string, value: string) => doc.text(`${label}：${value}`);
  line('組織名', `${o.nameJa}（${o.nameEn}）`);
  line('サービスコード', o.serviceCode);
  if (o.lgCode) line('全国地方公共団体コード', o.lgCode);
  line('契約期間', `${day(body.contract.start)} 〜 ${day(body.contract.end)}`);
  line('契約終了（利用終了）日時', jst(body.contract.terminatedAt));
  line('削除開始', jst(body.purge.startedAt));
  line('削除完了', jst(body.purge.finishedAt));
  line('削除の承認者', body.purge.approvedBy);
  doc.moveDown().fontSize(13).text('削除したデータ').fontSize(10);
  for (const [table, count] of Object.entries(body.deleted.rows)) {
    if (count === 0) continue;
    doc.text(
      `・${TABLE_LABELS[table.slice(table.indexOf('.') + 1)] ?? table}：${count.toLocaleString('ja-JP')} 件`,
    );
  }
  doc.text(`・データベースの行 合計：${body.deleted.rowTotal.toLocaleString('ja-JP')} 件`);
  doc.text(
    `・ファイル（メディアの原本・派生ファイル）：${body.deleted.files.toLocaleString('ja-JP')} 個、${body.deleted.bytes.toLocaleString('ja-JP')} バイト`,
  );
  doc.text(`・監査ログ：${body.deleted.auditEvents.toLocaleString('ja-JP')} 件`);
  doc.moveDown().fontSize(13).text('暗号鍵の破棄（クリプトシュレッディング）').fontSize(10);
  doc.text(
    `組織のデータ鍵（版 ${body.destroyedKeys.versions.join(', ') || '—'}）を破棄しました。鍵で暗号化されていたファイルは、バックアップやディスクに残っていても復号できません。`,
  );
  doc.moveDown().fontSize(13).text('バックアップ').fontSize(10);
  doc.text(
    `このデータを含むバックアップは、${day(body.backupsExpireBy)} までにすべて保存期間を終えて削除されます。`,
  );
  doc.moveDown().fontSize(13).text('監査ログの最終ハッシュ').fontSize(9);
  doc.text(`連番 ${body.auditChain.finalSeq}：${body.auditChain.finalHeadHash ?? '—'}`);
  doc.moveDown(2).fontSize(9);
  doc.text(
    `この証明書は JSON 版とともに運営者の Ed25519 署名鍵（鍵 ID ${keyId}）で署名されています。` +
      `署名は「mitte verify-certificate 証明書.json --pdf この PDF」で確認できます。`,
  );
  doc.end();
  return done;
}
