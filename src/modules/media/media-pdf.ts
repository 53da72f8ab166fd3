import { fileRefused } from './file-refusal.js';
import type { MediaDeps } from './media.service.js';
import { runTool, withPlaintextCopy } from './media-tools.js';

const QPDF = 'qpdf';
const QPDF_TIMEOUT_MS = 120_000;

/** Kinds of active content a PDF may carry, each refused with its own words. */
export type PdfActiveContent =
  | 'javascript'
  | 'launch'
  | 'embedded_files'
  | 'xfa'
  | 'form_submission'
  | 'rich_media';

const LABELS: Record<PdfActiveContent, { ja: string; en: string }> = {
  javascript: { ja: 'JavaScript', en: 'JavaScript' },
  launch: { ja: '外部プログラムの起動（Launch）', en: 'program launch actions (Launch)' },
  embedded_files: { ja: '埋め込みファイル（添付ファイル）', en: 'embedded (attached) files' },
  xfa: { ja: 'XFA フォーム', en: 'an XFA form' },
  form_submission: { ja: 'フォームの送信・取り込み', en: 'form submission or import actions' },
  rich_media: { ja: 'リッチメディア（Flash など）', en: 'rich media (such as Flash)' },
};

// Action types that run something, leave the document or send data. Links to web pages (/URI),
// page destinations and /GoTo (the "open at page 1, fit width" OpenAction that Illustrator and
// InDesign write) are ordinary and stay.
const ACTIONS: Record<string, PdfActiveContent> = {
  '/JavaScript': 'javascript',
  '/Launch': 'launch',
  '/GoToE': 'embedded_files',
  '/SubmitForm': 'form_submission',
  '/ImportData': 'form_submission',
  '/RichMediaExecute': 'rich_media',
};

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function walk(value: JsonValue, found: Set<PdfActiveContent>): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, found);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    // A /JS entry is a script whatever action carries it (also /Rendition and form fields).
    if (key === '/JS') found.add('javascript');
    if (key === '/S' && typeof inner === 'string' && ACTIONS[inner]) found.add(ACTIONS[inner]);
    // The document-level script and attachment name trees (catalog /Names).
    if (key === '/JavaScript' && inner !== null && typeof inner === 'object') found.add('javascript');
    if (key === '/EmbeddedFiles' || key === '/EF') found.add('embedded_files');
    if (key === '/Type' && inner === '/EmbeddedFile') found.add('embedded_files');
    if (key === '/Subtype' && inner === '/FileAttachment') found.add('embedded_files');
    if (key === '/Subtype' && inner === '/RichMedia') found.add('rich_media');
    if (key === '/XFA') found.add('xfa');
    walk(inner, found);
  }
}

/**
 * Every kind of active content in a PDF, decided by parsing it with qpdf: all objects, also
 * those inside object streams and unreferenced ones, with names decoded (`/J#61vaScript` is
 * `/JavaScript`) and encrypted strings decrypted, which no byte search can do.
 */
export function activeContentOf(qpdfJson: string): PdfActiveContent[] {
  const parsed = JSON.parse(qpdfJson) as { qpdf?: [unknown, Record<string, JsonValue>] };
  const objects = parsed.qpdf?.[1];
  if (!objects) throw new Error('qpdf printed no objects');
  const found = new Set<PdfActiveContent>();
  for (const object of Object.values(objects)) walk(object, found);
  return [...found].sort();
}

function refused(code: string, ja: string, en: string, cause?: unknown, details?: Record<string, unknown>) {
  return fileRefused(422, code, ja, en, { cause, ...(details ? { details } : {}) });
}

function damaged(cause: unknown) {
  return refused(
    'pdf_unreadable',
    'PDF を読み込めませんでした（壊れているか、途中で切れています）。元のアプリケーションから書き出し直してください。',
    'The PDF could not be read (it is damaged or cut short). Export it again from the application that made it.',
    cause,
  );
}

/**
 * Refuses a PDF that is damaged, locked with a password or carries active content (JavaScript,
 * launch actions, embedded files, XFA, form submission, rich media). A brochure's links and its
 * "open at this view" action are not active content and pass. Refused rather than rewritten: a
 * silently changed document (a form whose scripts are gone) would surprise its editor more than
 * a clear refusal naming what to remove when exporting; the stored file stays the one uploaded.
 */
export async function checkPdf(
  deps: MediaDeps,
  org: string,
  upload: { blobKey: string; size: number },
): Promise<void> {
  const result = await withPlaintextCopy(deps, org, { ...upload, extension: 'pdf' }, (file) =>
    runTool(QPDF, ['--json=2', '--json-key=qpdf', '--json-stream-data=none', file], {
      timeoutMs: QPDF_TIMEOUT_MS,
      maxOutputBytes: 512 * 1024 * 1024,
    }),
  );
  if (result.timedOut) {
    throw refused(
      'pdf_unreadable',
      'PDF の検査が時間内に終わりませんでした。ファイルを書き出し直してからアップロードしてください。',
      'The PDF could not be checked in time. Export it again and upload the new file.',
    );
  }
  if (/password/i.test(result.stderr)) {
    throw refused(
      'pdf_encrypted',
      'パスワードで保護された PDF はアップロードできません。保護を解除してから書き出してください。',
      'A password-protected PDF cannot be uploaded. Remove the protection and export it again.',
    );
  }
  // Exit code 3 is "warnings". Minor ones pass (many tools write small quirks); a damaged file (a
  // truncated upload, a broken cross-reference table) that qpdf could only rebuild by guessing does not.
  const repaired = result.code === 3 && /file is damaged|reconstruct/i.test(result.stderr);
  if ((result.code !== 0 && result.code !== 3) || repaired) {
    throw damaged(new Error(result.stderr.slice(0, 2000)));
  }
  let found: PdfActiveContent[];
  try {
    found = activeContentOf(result.stdout);
  } catch (error) {
    throw damaged(error);
  }
  if (found.length === 0) return;
  throw refused(
    'pdf_active_content',
    `この PDF には実行される内容（${found.map((f) => LABELS[f].ja).join('、')}）が含まれているため受け付けられません。書き出し時にこれらを含めない設定にしてください。`,
    `This PDF contains active content (${found.map((f) => LABELS[f].en).join(', ')}), so it was refused. Export it without these.`,
    undefined,
    { found },
  );
}
