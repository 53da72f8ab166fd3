import type { RightLevel, RightModule } from '../../../src/contract/rights';
import type { Lang } from './i18n';

/** Base path of the console's HTTP API (same origin as the console). */
export const API_BASE = '/api/v1';

/** CSRF cookie names, most specific first: the `__Host-` form is used over HTTPS. */
export const CSRF_COOKIE_NAMES = ['__Host-mitte_csrf', 'mitte_csrf'] as const;
export const CSRF_HEADER = 'x-csrf-token';

export type LocalisedText = Record<Lang, string>;

/** One field's problem in a validation error. */
export interface FieldProblem {
  field: string;
  message: LocalisedText;
}

/** The error body every API endpoint answers with. */
export interface ApiErrorBody {
  code: string;
  message: LocalisedText;
  field?: string;
  problems?: FieldProblem[];
  /** Extra structured detail some errors carry (e.g. every bad row of an import). */
  details?: Record<string, unknown>;
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
  /** Per-field problems of a validation error (empty when there are none). */
  readonly problems: readonly FieldProblem[];
  /** The error's `details` object, unread: whoever knows the error code narrows it. */
  readonly details: Record<string, unknown> | undefined;
  readonly requestId: string | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (429, 503). */
  readonly retryAfter: number | undefined;

  constructor(
    status: number,
    body: {
      code: string;
      message: LocalisedText;
      field?: string | undefined;
      problems?: FieldProblem[] | undefined;
      details?: Record<string, unknown> | undefined;
      requestId?: string | undefined;
    },
    retryAfter?: number,
  ) {
    super(body.message.en);
    this.status = status;
    this.code = body.code;
    this.messages = body.message;
    this.field = body.field;
    this.problems = body.problems ?? [];
    this.details = body.details;
    this.requestId = body.requestId;
    this.retryAfter = retryAfter;
  }

  /** The message in the given language, falling back to Japanese. */
  messageIn(lang: Lang): string {
    return this.messages[lang] || this.messages.ja;
  }

  /**
   * The message for one form field, if the server blamed it: its entry in `problems` first
   * (the top-level message of a validation error names the field in raw form), else the
   * top-level message when `field` is this field.
   */
  fieldMessageIn(field: string, lang: Lang): string | undefined {
    const problem = this.problems.find((p) => p.field === field);
    if (problem) return problem.message[lang] || problem.message.ja;
    return this.field === field ? this.messageIn(lang) : undefined;
  }
}

/** Error codes that answer a wrong secret in a form, not an ended session, even with 401. */
export const FORM_401_CODES: ReadonlySet<string> = new Set([
  'invalid_credentials',
  'invalid_code',
  'invalid_password',
  'invalid_current_password',
]);

/**
 * True when the error means the session is gone (so the console goes to sign-in). A 401 that
 * names a field or carries a wrong-secret code is a form error and stays on the page.
 */
export function isSessionEnded(error: ApiError): boolean {
  return error.status === 401 && error.field === undefined && !FORM_401_CODES.has(error.code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function readLocalised(message: unknown): LocalisedText | undefined {
  if (!isRecord(message)) return undefined;
  const ja = message.ja;
  const en = message.en;
  if (!nonEmptyString(ja) && !nonEmptyString(en)) return undefined;
  return { ja: nonEmptyString(ja) ? ja : String(en), en: nonEmptyString(en) ? en : String(ja) };
}

function readProblems(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  const problems: FieldProblem[] = [];
  for (const item of value) {
    if (!isRecord(item) || !nonEmptyString(item.field)) continue;
    const message = readLocalised(item.message);
    if (message) problems.push({ field: item.field, message });
  }
  return problems;
}

/** Narrows an unknown JSON value to the API error shape; anything else is `undefined`. */
export function readErrorBody(json: unknown): ApiErrorBody | undefined {
  if (!isRecord(json) || !isRecord(json.error)) return undefined;
  const { code, message, field, problems, details, requestId } = json.error;
  if (!nonEmptyString(code)) return undefined;
  const text = readLocalised(message);
  if (!text) return undefined;
  const fieldProblems = readProblems(problems);
  return {
    code,
    message: text,
    ...(nonEmptyString(field) ? { field } : {}),
    ...(fieldProblems.length > 0 ? { problems: fieldProblems } : {}),
    ...(isRecord(details) ? { details } : {}),
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

/** Any thrown value as an ApiError (anything that is not one is treated as a network failure). */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : networkError();
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

/** A file the server sent for saving (an export). */
export interface DownloadedFile {
  blob: Blob;
  /** From `Content-Disposition`, when the server named the file. */
  filename: string | undefined;
}

export interface ApiClient {
  request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T>;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
  /** POSTs raw bytes (a File or Blob) as the body with the given content type; answers JSON. */
  upload<T>(path: string, body: Blob, contentType: string): Promise<T>;
  /** POSTs a form with files (multipart/form-data; the browser writes the boundary); answers JSON. */
  postForm<T>(path: string, form: FormData): Promise<T>;
  /** GETs a file (e.g. a CSV export); a failure still answers a JSON error and becomes an ApiError. */
  download(path: string): Promise<DownloadedFile>;
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

/**
 * The file name from a `Content-Disposition` header: `filename*=UTF-8''…` first, then
 * `filename="…"`. Anything that could name a path is reduced to its last part.
 */
export function filenameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = undefined;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header);
    name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2];
  }
  const base = name?.split(/[/\\]/).pop()?.trim();
  return base ? base : undefined;
}

/** JSON over same-origin fetch; every failure becomes an ApiError. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = options.baseUrl ?? API_BASE;
  // Resolved at call time so the global can be replaced (tests) and is never called unbound.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const readCookies = options.readCookies ?? documentCookies;

  /** Sends the request; answers the response when it is a success, else throws its ApiError. */
  async function send(
    method: HttpMethod,
    path: string,
    accept: string,
    body?: { data: BodyInit; contentType?: string },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
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
        ...(body !== undefined ? { body: body.data } : {}),
      });
    } catch {
      throw networkError();
    }
    if (response.ok) return response;
    let json: unknown;
    try {
      json = await readJson(response);
    } catch {
      throw networkError();
    }
    throw toApiError(response.status, json, response.headers.get('retry-after'));
  }

  async function answerJson<T>(response: Promise<Response>): Promise<T> {
    const ok = await response;
    try {
      return (await readJson(ok)) as T;
    } catch {
      throw networkError();
    }
  }

  function request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    return answerJson<T>(
      send(
        method,
        path,
        'application/json',
        body !== undefined ? { data: JSON.stringify(body), contentType: 'application/json' } : undefined,
      ),
    );
  }

  async function download(path: string): Promise<DownloadedFile> {
    const response = await send('GET', path, '*/*');
    try {
      const blob = await response.blob();
      return { blob, filename: filenameFromDisposition(response.headers.get('content-disposition')) };
    } catch {
      throw networkError();
    }
  }

  return {
    request,
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
    put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
    patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
    delete: <T>(path: string) => request<T>('DELETE', path),
    upload: <T>(path: string, body: Blob, contentType: string) =>
      answerJson<T>(send('POST', path, 'application/json', { data: body, contentType })),
    postForm: <T>(path: string, form: FormData) =>
      answerJson<T>(send('POST', path, 'application/json', { data: form })),
    download,
  };
}

export const api = createApiClient();

// ---------------------------------------------------------------------------------------------
// Endpoints, with their answer shapes (see the API contract).

export type Role = 'admin' | 'general';

export {
  RIGHT_LEVELS,
  RIGHT_MODULES,
  type RightLevel,
  type RightModule,
} from '../../../src/contract/rights';

/** What a user may do in each content module. Administrators have every right. */
export type Rights = Record<RightModule, RightLevel>;

export interface Me {
  user: { id: string; name: string; email: string; role: Role; totpEnabled: boolean; rights: Rights };
  organisation: { serviceCode: string; nameJa: string; nameEn: string; dataRegion: string };
}

export type LoginStatus = 'signed_in' | 'totp_required' | 'totp_enrolment_required';
export interface LoginAnswer {
  status: LoginStatus;
}

export function login(input: { serviceCode: string; email: string; password: string }): Promise<LoginAnswer> {
  return api.post<LoginAnswer>('/auth/login', input);
}

/** A 6-digit TOTP code or a recovery code (`abcd-efgh-ijkl`). */
export function verifyTotp(code: string): Promise<{ status: 'signed_in' }> {
  return api.post<{ status: 'signed_in' }>('/auth/totp', { code });
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  /** An SVG document (the QR code). */
  qrSvg: string;
}

export function fetchTotpEnrolment(): Promise<TotpEnrolment> {
  return api.get<TotpEnrolment>('/auth/totp/enrolment');
}

export function confirmTotpEnrolment(
  code: string,
): Promise<{ status: 'signed_in'; recoveryCodes: string[] }> {
  return api.post<{ status: 'signed_in'; recoveryCodes: string[] }>('/auth/totp/enrolment', { code });
}

export function fetchMe(): Promise<Me> {
  return api.get<Me>('/me');
}

export function logout(): Promise<unknown> {
  return api.post<unknown>('/auth/logout');
}

export function changePassword(input: { currentPassword: string; newPassword: string }): Promise<unknown> {
  return api.post<unknown>('/me/password', input);
}

export interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string;
  userAgent: string;
  current: boolean;
}

export function fetchSessions(): Promise<{ items: SessionInfo[] }> {
  return api.get<{ items: SessionInfo[] }>('/me/sessions');
}

export function endSession(id: string): Promise<unknown> {
  return api.delete<unknown>(`/me/sessions/${encodeURIComponent(id)}`);
}

export function regenerateRecoveryCodes(code: string): Promise<{ recoveryCodes: string[] }> {
  return api.post<{ recoveryCodes: string[] }>('/me/totp/recovery-codes', { code });
}

export function requestPasswordReset(input: {
  serviceCode: string;
  email: string;
}): Promise<{ status: 'sent_if_exists' }> {
  return api.post<{ status: 'sent_if_exists' }>('/auth/password-reset', input);
}

export function confirmPasswordReset(input: { token: string; newPassword: string }): Promise<unknown> {
  return api.post<unknown>('/auth/password-reset/confirm', input);
}

export interface Invitation {
  organisation: { serviceCode: string; nameJa: string; nameEn: string };
  email: string;
  name: string;
  totpRequired: boolean;
}

export function fetchInvitation(token: string): Promise<Invitation> {
  return api.get<Invitation>(`/auth/invitations/${encodeURIComponent(token)}`);
}

export function acceptInvitation(input: {
  token: string;
  password: string;
}): Promise<{ status: 'signed_in' | 'totp_enrolment_required' }> {
  return api.post<{ status: 'signed_in' | 'totp_enrolment_required' }>('/auth/invitations/accept', input);
}

// Administrators: users of the organisation.

export type UserStatus = 'invited' | 'active' | 'suspended';

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: UserStatus;
  rights: Rights;
  totpEnabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
  invitationExpiresAt: string | null;
}

export function fetchUsers(): Promise<{ items: User[] }> {
  return api.get<{ items: User[] }>('/users');
}

export function createUser(input: {
  name: string;
  email: string;
  role: Role;
  rights: Rights;
}): Promise<User> {
  return api.post<User>('/users', input);
}

export function updateUser(
  id: string,
  input: { name?: string; role?: Role; rights?: Rights },
): Promise<User> {
  return api.patch<User>(`/users/${encodeURIComponent(id)}`, input);
}

export type UserAction = 'suspend' | 'resume' | 'reset-totp' | 'invitation';

/** suspend, resume, reset two-factor, or re-send the invitation; answers the updated user. */
export function userAction(id: string, action: UserAction): Promise<User> {
  return api.post<User>(`/users/${encodeURIComponent(id)}/${action}`);
}

export function revokeInvitation(id: string): Promise<unknown> {
  return api.delete<unknown>(`/users/${encodeURIComponent(id)}/invitation`);
}

export function deleteUser(id: string): Promise<unknown> {
  return api.delete<unknown>(`/users/${encodeURIComponent(id)}`);
}

export interface SecuritySettings {
  totpRequiredForGeneral: boolean;
  idleTimeoutMinutes: number;
  absoluteLifetimeHours: number;
}

export function fetchSecuritySettings(): Promise<SecuritySettings> {
  return api.get<SecuritySettings>('/organisation/security');
}

export function saveSecuritySettings(input: SecuritySettings): Promise<SecuritySettings> {
  return api.put<SecuritySettings>('/organisation/security', input);
}

// Administrators: the audit log (監査ログ) and usage status (利用状況).

export interface AuditEvent {
  seq: number;
  /** UTC ISO instant. */
  at: string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  /** success, failure or denied. */
  outcome: string;
  details: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEvent[];
  /** Cursor for the next (older) page, or null at the end. */
  nextBefore: number | null;
}

/** `query` is a query string without `?` (see audit-log.ts). */
export function fetchAuditEvents(query: string): Promise<AuditPage> {
  return api.get<AuditPage>(`/audit/events${query ? `?${query}` : ''}`);
}

/** Where the browser downloads the CSV export (a plain link: the session cookie goes with it). */
export function auditCsvUrl(query: string): string {
  return `${API_BASE}/audit/events.csv${query ? `?${query}` : ''}`;
}

export interface UsageRow {
  userId: string;
  name: string;
  email: string;
  role: string;
  status: string;
  lastSignInAt: string | null;
  signIns30d: number;
  failedSignIns30d: number;
  changes30d: number;
}

export function fetchUsage(): Promise<{ items: UsageRow[] }> {
  return api.get<{ items: UsageRow[] }>('/audit/usage');
}

// Operators (provider staff).

export interface OperatorMe {
  operator: { id: string; name: string; email: string; totpEnabled: boolean; rights: string[] };
}

export function opsLogin(input: { email: string; password: string }): Promise<LoginAnswer> {
  return api.post<LoginAnswer>('/ops/auth/login', input);
}

export function fetchOperatorMe(): Promise<OperatorMe> {
  return api.get<OperatorMe>('/ops/me');
}

import type { ScannerStatus } from '../../../src/contract/scanner';

export type { ScannerStatus };

export function fetchScannerStatus(): Promise<ScannerStatus> {
  return api.get<ScannerStatus>('/ops/scanner');
}

/** A full export of the organisation (GET/POST /api/v1/exports). */
export interface ExportJob {
  id: string;
  status: 'building' | 'ready' | 'failed';
  createdAt: string;
  finishedAt: string | null;
  filesDone: number;
  filesTotal: number;
  sizeBytes: number | null;
  sha256: string | null;
  error: string | null;
}

export function fetchExports(): Promise<{ items: ExportJob[] }> {
  return api.get<{ items: ExportJob[] }>('/exports');
}

export function startExport(): Promise<ExportJob> {
  return api.post<ExportJob>('/exports');
}

/** The download link (a plain link: the browser resumes it with Range). */
export function exportFileUrl(id: string): string {
  return `/api/v1/exports/${encodeURIComponent(id)}/file`;
}

export interface BackupRecord {
  id: string;
  slot: string;
  status: 'running' | 'ok' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  file: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  node: string | null;
  error: string | null;
}

export interface BackupStatus {
  lastGood: { finishedAt: string; file: string | null; sizeBytes: number; sha256: string | null } | null;
  ageSeconds: number | null;
  alarm: boolean;
  recent: BackupRecord[];
}

export function fetchBackupStatus(): Promise<BackupStatus> {
  return api.get<BackupStatus>('/ops/backups');
}

import type { OrganisationSummary } from '../../../src/contract/organisations';

export type { OrganisationStatus, OrganisationSummary } from '../../../src/contract/organisations';

export function fetchOrganisations(): Promise<{ items: OrganisationSummary[] }> {
  return api.get<{ items: OrganisationSummary[] }>('/ops/organisations');
}

export interface NewOrganisation {
  serviceCode: string;
  nameJa: string;
  nameEn: string;
  lgCode?: string;
  dataRegion?: string;
  contractStart?: string;
  contractEnd?: string;
  admin: { name: string; email: string };
}

export function createOrganisation(input: NewOrganisation): Promise<OrganisationSummary> {
  return api.post<OrganisationSummary>('/ops/organisations', input);
}

/** Maps the organisation's own domain to its public site; null removes it. */
export function setSiteDomain(serviceCode: string, siteDomain: string | null): Promise<OrganisationSummary> {
  return api.put<OrganisationSummary>(`/ops/organisations/${encodeURIComponent(serviceCode)}/site-domain`, {
    siteDomain,
  });
}

// Where an organisation stands in its contract lifecycle (ops 契約・ライフサイクル, admins' 契約).
import type { Lifecycle } from '../../../src/modules/lifecycle/lifecycle.schema';

export type { Lifecycle };

const opsOrg = (serviceCode: string) => `/ops/organisations/${encodeURIComponent(serviceCode)}`;

export function fetchLifecycle(serviceCode: string): Promise<Lifecycle> {
  return api.get<Lifecycle>(`${opsOrg(serviceCode)}/lifecycle`);
}

export function changeLifecycle(
  serviceCode: string,
  action: 'suspend' | 'resume' | 'terminate',
  body: { reason?: string; exportWindowDays?: number },
): Promise<Lifecycle> {
  return api.post<Lifecycle>(`${opsOrg(serviceCode)}/${action}`, body);
}

export function purgeOrganisation(serviceCode: string, confirmation: string): Promise<Lifecycle> {
  return api.post<Lifecycle>(`${opsOrg(serviceCode)}/purge`, { confirmation });
}

export function certificateUrl(serviceCode: string, format: 'json' | 'pdf'): string {
  return `${API_BASE}${opsOrg(serviceCode)}/deletion-certificate.${format}`;
}

export function fetchContract(): Promise<Lifecycle> {
  return api.get<Lifecycle>('/contract');
}
