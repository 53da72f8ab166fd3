// The one error type of the application (AppError, Errors) with ja/en messages; the HTTP layer
// maps it to a response. Every layer imports it from here (platform/errors.ts).

/** A message in both console languages. */
export interface Bilingual {
  ja: string;
  en: string;
}

export interface FieldProblem {
  field: string;
  message: Bilingual;
}

export interface AppErrorOptions {
  field?: string;
  problems?: FieldProblem[];
  /** Extra structured detail for the client (e.g. every bad row of an import). */
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error type: a stable machine code, an HTTP status and a message in Japanese and
 * English, with the field at fault where there is one.
 */
export class AppError extends Error {
  readonly field: string | undefined;
  readonly problems: FieldProblem[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: Bilingual,
    options: AppErrorOptions = {},
  ) {
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.field = options.field;
    this.problems = options.problems;
    this.details = options.details;
    this.headers = options.headers;
  }

  toBody(requestId: string): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.text,
        ...(this.field === undefined ? {} : { field: this.field }),
        ...(this.problems === undefined ? {} : { problems: this.problems }),
        ...(this.details === undefined ? {} : { details: this.details }),
        requestId,
      },
    };
  }
}

export interface ErrorBody {
  error: {
    code: string;
    message: Bilingual;
    field?: string;
    problems?: FieldProblem[];
    details?: Record<string, unknown>;
    requestId: string;
  };
}

/** The errors every capability shares. Capability-specific ones are built with `new AppError`. */
export const Errors = {
  notFound: () =>
    new AppError(404, 'not_found', {
      ja: '指定されたものは見つかりません。',
      en: 'The requested resource was not found.',
    }),
  unauthenticated: () =>
    new AppError(401, 'unauthenticated', {
      ja: 'サインインが必要です。',
      en: 'You need to sign in.',
    }),
  forbidden: () =>
    new AppError(403, 'forbidden', {
      ja: 'この操作を行う権限がありません。',
      en: 'You do not have permission for this operation.',
    }),
  malformedJson: () =>
    new AppError(400, 'malformed_json', {
      ja: 'リクエスト本文が正しい JSON ではありません。',
      en: 'The request body is not valid JSON.',
    }),
  payloadTooLarge: (limitBytes: number) =>
    new AppError(413, 'payload_too_large', {
      ja: `リクエスト本文が大きすぎます（上限 ${limitBytes} バイト）。`,
      en: `The request body is too large (limit ${limitBytes} bytes).`,
    }),
  unsupportedMediaType: (type: string) =>
    new AppError(415, 'unsupported_media_type', {
      ja: `このリクエスト形式（${type}）には対応していません。`,
      en: `The content type ${type} is not supported here.`,
    }),
  validation: (problems: FieldProblem[]) =>
    new AppError(
      400,
      'validation_failed',
      problems.length === 1 && problems[0]
        ? {
            ja: `${problems[0].field}: ${problems[0].message.ja}`,
            en: `${problems[0].field}: ${problems[0].message.en}`,
          }
        : {
            ja: `入力内容に ${problems.length} 件の誤りがあります。`,
            en: `The input has ${problems.length} problems.`,
          },
      { field: problems[0]?.field, problems },
    ),
  invalidField: (field: string, message: Bilingual) => Errors.validation([{ field, message }]),
  conflict: (text: Bilingual) => new AppError(409, 'conflict', text),
  /** A dependency is down or busy: the client may retry after `retryAfterSeconds`. */
  unavailable: (what: Bilingual, cause?: unknown, retryAfterSeconds = 30) =>
    new AppError(
      503,
      'unavailable',
      {
        ja: `現在${what.ja}を利用できません。しばらくしてから再度お試しください。`,
        en: `${what.en} is unavailable right now. Please try again later.`,
      },
      { cause, headers: { 'retry-after': String(retryAfterSeconds) } },
    ),
  /** The organisation's service is suspended by the provider: its public side is temporarily off. */
  organisationSuspended: () =>
    new AppError(
      503,
      'organisation_suspended',
      {
        ja: 'このサイトは現在、一時的にご利用いただけません。',
        en: 'This site is temporarily unavailable.',
      },
      { headers: { 'retry-after': '3600' } },
    ),
  /** The organisation's contract has ended: its data can be read and exported, not changed. */
  organisationReadOnly: () =>
    new AppError(409, 'organisation_read_only', {
      ja: '契約が終了したため、データは閲覧と書き出しのみ可能で、変更はできません。',
      en: 'The contract has ended: the data can be read and exported, but not changed.',
    }),
  /** The transaction collided with a concurrent one and was rolled back whole: try again. */
  writeConflict: (cause?: unknown) =>
    new AppError(
      409,
      'write_conflict',
      {
        ja: '同時に行われた別の変更と重なったため、保存されませんでした。もう一度お試しください。',
        en: 'This collided with another change made at the same moment and was not saved. Please try again.',
      },
      { cause, headers: { 'retry-after': '1' } },
    ),
  internal: () =>
    new AppError(500, 'internal_error', {
      ja: 'サーバー内部でエラーが発生しました。時間をおいて再度お試しください。',
      en: 'An internal server error occurred. Please try again later.',
    }),
};

/** The value, or "not found" (404) when there is none: `const row = found(await findX(...))`. */
export function found<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw Errors.notFound();
  return value;
}
