import type { Lang } from './i18n';

/** Base path of the console's HTTP API (same origin as the console). */
export const API_BASE = '/api/v1';

/** CSRF cookie names, most specific first: the `__Host-` form is used over HTTPS. */
export const CSRF_COOKIE_NAMES = ['__Host-mitte_csrf', 'mitte_csrf'] as const;
export const CSRF_HEADER = 'x-csrf-token';

export type LocalisedText = Record<Lang, string>;

/** The error body every API endpoint answers with. */
export interface ApiErrorBody {
  code: string;
  message: LocalisedText;
  field?: string;
  requestId: string;
}

/** Codes produced by the console itself when the server could not give an error body. */
export const CLIENT_ERROR_CODES = {
  network: 'network_error',
  unexpected: 'unexpected_response',
} as const;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly messages: LocalisedText;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    body: {
      code: string;
      message: LocalisedText;
      field?: string | undefined;
      requestId?: string | undefined;
    },
    retryAfter?: number,
  ) {
    super(body.message.en);
    this.status = status;
    this.code = body.code;
    this.messages = body.message;
    this.field = body.field;
    this.requestId = body.requestId;
    this.retryAfter = retryAfter;
  }

  /** The message in the given language, falling back to Japanese. */
  messageIn(lang: Lang): string {
    return this.messages[lang] || this.messages.ja;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** Narrows an unknown JSON value to the API error shape; anything else is `undefined`. */
export function readErrorBody(json: unknown): ApiErrorBody | undefined {
  if (!isRecord(json) || !isRecord(json.error)) return undefined;
  const { code, message, field, requestId } = json.error;
  if (!nonEmptyString(code) || !isRecord(message)) return undefined;
  const ja = message.ja;
  const en = message.en;
  if (!nonEmptyString(ja) && !nonEmptyString(en)) return undefined;
  return {
    code,
    message: { ja: nonEmptyString(ja) ? ja : String(en), en: nonEmptyString(en) ? en : String(ja) },
    ...(nonEmptyString(field) ? { field } : {}),
    requestId: typeof requestId === 'string' ? requestId : '',
  };
}

/** `Retry-After` as whole seconds: either delta-seconds or an HTTP date. */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header == null) return undefined;
  const value = header.trim();
  if (value === '') return undefined;
  if (/^\d+$/.test(value)) return Number.parseInt(value, 10);
  // An HTTP-date always names the weekday and month; this keeps Date.parse from reading '-5' as a year.
  if (!/[a-z]/i.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export function unexpectedResponseError(status: number, retryAfter?: number): ApiError {
  return new ApiError(
    status,
    {
      code: CLIENT_ERROR_CODES.unexpected,
      message: {
        ja: `サーバーから予期しない応答がありました（HTTP ${status}）。時間をおいてもう一度お試しください。`,
        en: `The server gave an unexpected response (HTTP ${status}). Please try again later.`,
      },
    },
    retryAfter,
  );
}

export function networkError(): ApiError {
  return new ApiError(0, {
    code: CLIENT_ERROR_CODES.network,
    message: {
      ja: 'サーバーに接続できませんでした。ネットワークの接続を確認して、もう一度お試しください。',
      en: 'Could not reach the server. Please check your network connection and try again.',
    },
  });
}

/** Builds the ApiError for a failed response from its status, parsed JSON (if any) and headers. */
export function toApiError(status: number, json: unknown, retryAfterHeader?: string | null): ApiError {
  const retryAfter = parseRetryAfter(retryAfterHeader);
  const body = readErrorBody(json);
  return body ? new ApiError(status, body, retryAfter) : unexpectedResponseError(status, retryAfter);
}

/** Value of the CSRF cookie from a `document.cookie` string, or undefined. */
export function readCsrfToken(cookieHeader: string): string | undefined {
  const cookies = new Map<string, string>();
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  for (const name of CSRF_COOKIE_NAMES) {
    const raw = cookies.get(name);
    if (raw) {
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Returns the cookie string; defaults to `document.cookie`. */
  readCookies?: () => string;
}

export interface ApiClient {
  request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

function documentCookies(): string {
  return typeof document === 'undefined' ? '' : document.cookie;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** JSON over same-origin fetch; every failure becomes an ApiError. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? API_BASE;
  // Resolved at call time so the global can be replaced (tests) and is never called unbound.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const readCookies = options.readCookies ?? documentCookies;

  async function request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (!SAFE_METHODS.has(method)) {
      const token = readCsrfToken(readCookies());
      if (token) headers[CSRF_HEADER] = token;
    }
    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw networkError();
    }
    let json: unknown;
    try {
      json = await readJson(response);
    } catch {
      throw networkError();
    }
    if (!response.ok) throw toApiError(response.status, json, response.headers.get('retry-after'));
    return json as T;
  }

  return {
    request,
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  };
}

export const api = createApiClient();

// The endpoints the console shell uses, with their answer shapes.

export type Role = 'admin' | 'general';

export interface Me {
  user: { id: string; name: string; email: string; role: Role };
  organisation: { serviceCode: string; nameJa: string; nameEn: string };
}

export type LoginAnswer = { status: 'signed_in' } | { status: 'totp_required' };

export function login(input: { serviceCode: string; email: string; password: string }): Promise<LoginAnswer> {
  return api.post<LoginAnswer>('/auth/login', input);
}

export function verifyTotp(code: string): Promise<{ status: 'signed_in' }> {
  return api.post<{ status: 'signed_in' }>('/auth/totp', { code });
}

export function fetchMe(): Promise<Me> {
  return api.get<Me>('/me');
}

export function logout(): Promise<unknown> {
  return api.post<unknown>('/auth/logout');
}
