import { describe, expect, it } from 'vitest';
import {
  ApiError,
  CLIENT_ERROR_CODES,
  CSRF_HEADER,
  createApiClient,
  filenameFromDisposition,
  isSessionEnded,
  parseRetryAfter,
  readCsrfToken,
  readErrorBody,
  toApiError,
} from './api';

const errorBody = {
  error: {
    code: 'invalid_credentials',
    message: {
      ja: 'サービスコード、メールアドレスまたはパスワードが正しくありません。',
      en: 'Sign-in failed.',
    },
    field: 'password',
    requestId: 'req-123',
  },
};

describe('readErrorBody', () => {
  it('accepts the API error shape', () => {
    expect(readErrorBody(errorBody)).toEqual(errorBody.error);
  });

  it('makes field optional', () => {
    const { field: _field, ...rest } = errorBody.error;
    const body = readErrorBody({ error: rest });
    expect(body).toEqual(rest);
    expect(body && 'field' in body).toBe(false);
  });

  it('fills a missing language from the other one', () => {
    const body = readErrorBody({ error: { code: 'x', message: { ja: '見つかりません' }, requestId: 'r' } });
    expect(body?.message).toEqual({ ja: '見つかりません', en: '見つかりません' });
  });

  it.each([
    ['undefined', undefined],
    ['a string', 'Not Found'],
    ['an array', [errorBody]],
    ['no error key', { message: 'x' }],
    ['a string message', { error: { code: 'x', message: 'oops', requestId: 'r' } }],
    ['no code', { error: { message: { ja: 'a', en: 'b' }, requestId: 'r' } }],
    ['empty messages', { error: { code: 'x', message: { ja: '', en: '' }, requestId: 'r' } }],
  ])('rejects %s', (_label, json) => {
    expect(readErrorBody(json)).toBeUndefined();
  });
});

describe('field problems', () => {
  const validation = {
    error: {
      code: 'validation_failed',
      message: { ja: '入力内容に 2 件の誤りがあります。', en: 'The input has 2 problems.' },
      field: 'serviceCode',
      problems: [
        { field: 'serviceCode', message: { ja: '使用済みです。', en: 'is taken.' } },
        { field: 'admin.email', message: { en: 'is not an e-mail address.' } },
        { field: '', message: { ja: 'x', en: 'x' } },
        { message: { ja: 'no field', en: 'no field' } },
        'garbage',
      ],
      requestId: 'req-9',
    },
  };

  it('keeps well-formed problems and drops the rest', () => {
    expect(readErrorBody(validation)?.problems).toEqual([
      { field: 'serviceCode', message: { ja: '使用済みです。', en: 'is taken.' } },
      { field: 'admin.email', message: { ja: 'is not an e-mail address.', en: 'is not an e-mail address.' } },
    ]);
  });

  it('leaves problems out when there are none', () => {
    const body = readErrorBody({ error: { ...validation.error, problems: [] } });
    expect(body && 'problems' in body).toBe(false);
    expect(toApiError(400, { error: { ...validation.error, problems: undefined } }).problems).toEqual([]);
  });

  it('gives each field its own message, preferring the problem over the top-level text', () => {
    const error = toApiError(400, validation);
    expect(error.fieldMessageIn('serviceCode', 'ja')).toBe('使用済みです。');
    expect(error.fieldMessageIn('admin.email', 'en')).toBe('is not an e-mail address.');
    expect(error.fieldMessageIn('nameJa', 'ja')).toBeUndefined();
  });

  it('falls back to the top-level message for the named field', () => {
    expect(toApiError(401, errorBody).fieldMessageIn('password', 'en')).toBe('Sign-in failed.');
  });
});

describe('isSessionEnded', () => {
  const error = (status: number, code: string, field?: string) =>
    toApiError(status, {
      error: { code, message: { ja: 'x', en: 'x' }, requestId: 'r', ...(field ? { field } : {}) },
    });

  it('is true for a plain 401', () => {
    expect(isSessionEnded(error(401, 'unauthenticated'))).toBe(true);
    expect(isSessionEnded(toApiError(401, undefined))).toBe(true);
  });

  it('is false for wrong secrets in forms and for other statuses', () => {
    expect(isSessionEnded(error(401, 'invalid_credentials'))).toBe(false);
    expect(isSessionEnded(error(401, 'invalid_code'))).toBe(false);
    expect(isSessionEnded(error(401, 'whatever', 'currentPassword'))).toBe(false);
    expect(isSessionEnded(error(403, 'forbidden'))).toBe(false);
    expect(isSessionEnded(error(409, 'conflict'))).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or invalid values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('toApiError', () => {
  it('carries the server error, status and Retry-After', () => {
    const error = toApiError(429, errorBody, '42');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(429);
    expect(error.code).toBe('invalid_credentials');
    expect(error.field).toBe('password');
    expect(error.requestId).toBe('req-123');
    expect(error.retryAfter).toBe(42);
    expect(error.messageIn('ja')).toBe(errorBody.error.message.ja);
    expect(error.messageIn('en')).toBe('Sign-in failed.');
  });

  it('turns a body of another shape into an unexpected-response error in both languages', () => {
    const error = toApiError(502, '<html>Bad Gateway</html>');
    expect(error.status).toBe(502);
    expect(error.code).toBe(CLIENT_ERROR_CODES.unexpected);
    expect(error.messageIn('ja')).toContain('HTTP 502');
    expect(error.messageIn('en')).toContain('HTTP 502');
    expect(error.field).toBeUndefined();
    expect(error.retryAfter).toBeUndefined();
  });
});

describe('readCsrfToken', () => {
  it('reads mitte_csrf', () => {
    expect(readCsrfToken('a=1; mitte_csrf=tok%2B1; b=2')).toBe('tok+1');
  });

  it('prefers __Host-mitte_csrf', () => {
    expect(readCsrfToken('mitte_csrf=plain; __Host-mitte_csrf=host')).toBe('host');
  });

  it('is undefined without the cookie', () => {
    expect(readCsrfToken('')).toBeUndefined();
    expect(readCsrfToken('other=1; mitte_csrf_x=2')).toBeUndefined();
  });
});

describe('createApiClient', () => {
  type Call = { url: string; init: RequestInit };

  function fakeFetch(response: () => Response) {
    const calls: Call[] = [];
    const fetchFn = async (input: RequestInfo | URL, init?: RequestInit) => {
      calls.push({ url: String(input), init: init ?? {} });
      return response();
    };
    return { calls, fetchFn: fetchFn as typeof fetch };
  }

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('sends JSON with same-origin credentials and the CSRF header on POST', async () => {
    const { calls, fetchFn } = fakeFetch(() => json(200, { status: 'signed_in' }));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => 'mitte_csrf=abc' });
    const answer = await client.post<{ status: string }>('/auth/login', { serviceCode: 'demo' });
    expect(answer).toEqual({ status: 'signed_in' });
    const call = calls[0]!;
    expect(call.url).toBe('/api/v1/auth/login');
    expect(call.init.method).toBe('POST');
    expect(call.init.credentials).toBe('same-origin');
    expect(call.init.body).toBe('{"serviceCode":"demo"}');
    const headers = call.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers[CSRF_HEADER]).toBe('abc');
  });

  it('sends no CSRF header and no body on GET', async () => {
    const { calls, fetchFn } = fakeFetch(() => json(200, { ok: true }));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => 'mitte_csrf=abc' });
    await client.get('/me');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers[CSRF_HEADER]).toBeUndefined();
    expect(headers['content-type']).toBeUndefined();
    expect(calls[0]!.init.body).toBeUndefined();
  });

  it('throws ApiError with the server body for an error status', async () => {
    const { fetchFn } = fakeFetch(() => json(429, errorBody, { 'retry-after': '60' }));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => '' });
    const error = await client.post('/auth/login', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).retryAfter).toBe(60);
    expect((error as ApiError).code).toBe('invalid_credentials');
  });

  it('throws an unexpected-response ApiError for a non-JSON error', async () => {
    const { fetchFn } = fakeFetch(() => new Response('Bad Gateway', { status: 502 }));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => '' });
    const error = (await client.get('/me').catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe(CLIENT_ERROR_CODES.unexpected);
    expect(error.status).toBe(502);
  });

  it('throws a network ApiError when fetch rejects', async () => {
    const client = createApiClient({
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
      readCookies: () => '',
    });
    const error = (await client.get('/me').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.code).toBe(CLIENT_ERROR_CODES.network);
  });

  it.each([
    ['put', 'PUT'],
    ['patch', 'PATCH'],
    ['delete', 'DELETE'],
  ] as const)('%s sends %s with the CSRF header', async (method, verb) => {
    const { calls, fetchFn } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => '__Host-mitte_csrf=h' });
    if (method === 'delete') await client.delete('/users/u1');
    else await client[method]('/users/u1', { name: 'x' });
    const call = calls[0]!;
    expect(call.init.method).toBe(verb);
    expect((call.init.headers as Record<string, string>)[CSRF_HEADER]).toBe('h');
    expect(call.init.body).toBe(method === 'delete' ? undefined : '{"name":"x"}');
  });

  it('uploads a file as the raw body with its content type and the CSRF header', async () => {
    const { calls, fetchFn } = fakeFetch(() => json(200, { rows: [] }));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => 'mitte_csrf=abc' });
    const file = new Blob(['名称\n清水寺\n'], { type: 'application/vnd.ms-excel' });
    expect(await client.upload('/import/tourism/preview?encoding=auto', file, 'text/csv')).toEqual({
      rows: [],
    });
    const call = calls[0]!;
    expect(call.url).toBe('/api/v1/import/tourism/preview?encoding=auto');
    expect(call.init.method).toBe('POST');
    expect(call.init.body).toBe(file);
    const headers = call.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('text/csv');
    expect(headers[CSRF_HEADER]).toBe('abc');
  });

  it('keeps the details of an error', async () => {
    const body = {
      error: {
        code: 'import_invalid',
        message: { ja: '取り込みませんでした。', en: 'Nothing was imported.' },
        details: { problems: [{ line: 2 }], warnings: [] },
        requestId: 'r',
      },
    };
    const { fetchFn } = fakeFetch(() => json(400, body));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => '' });
    const error = (await client
      .upload('/import/tourism', new Blob(['x']), 'text/csv')
      .catch((e) => e)) as ApiError;
    expect(error.code).toBe('import_invalid');
    expect(error.details).toEqual({ problems: [{ line: 2 }], warnings: [] });
  });

  it('downloads a file with the name the server gives', async () => {
    const { calls, fetchFn } = fakeFetch(
      () =>
        new Response('名称\r\n', {
          status: 200,
          headers: {
            'content-type': 'text/csv',
            'content-disposition': 'attachment; filename="demo-tourism.csv"',
          },
        }),
    );
    const client = createApiClient({ fetch: fetchFn, readCookies: () => 'mitte_csrf=abc' });
    const file = await client.download('/export/tourism.csv?encoding=utf8');
    expect(file.filename).toBe('demo-tourism.csv');
    expect(await file.blob.text()).toBe('名称\r\n');
    expect((calls[0]!.init.headers as Record<string, string>)[CSRF_HEADER]).toBeUndefined();
  });

  it('turns a failed download into an ApiError', async () => {
    const { fetchFn } = fakeFetch(() =>
      json(422, {
        error: {
          code: 'not_representable_in_sjis',
          message: { ja: 'UTF-8 で', en: 'Use UTF-8' },
          requestId: 'r',
        },
      }),
    );
    const client = createApiClient({ fetch: fetchFn, readCookies: () => '' });
    const error = (await client.download('/export/tourism.csv?encoding=sjis').catch((e) => e)) as ApiError;
    expect(error.status).toBe(422);
    expect(error.code).toBe('not_representable_in_sjis');
  });

  it('returns undefined for an empty success body', async () => {
    const { fetchFn } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = createApiClient({ fetch: fetchFn, readCookies: () => 'mitte_csrf=abc' });
    expect(await client.post('/auth/logout')).toBeUndefined();
  });
});

describe('filenameFromDisposition', () => {
  it.each([
    ['attachment; filename="demo-tourism.csv"', 'demo-tourism.csv'],
    ['inline; filename=demo-events.ics', 'demo-events.ics'],
    ['attachment; filename*=UTF-8\'\'%E8%A6%B3%E5%85%89.csv; filename="x.csv"', '観光.csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
  ])('reads %s', (header, name) => {
    expect(filenameFromDisposition(header)).toBe(name);
  });

  it('is undefined without a name', () => {
    expect(filenameFromDisposition(null)).toBeUndefined();
    expect(filenameFromDisposition('attachment')).toBeUndefined();
    expect(filenameFromDisposition('attachment; filename=""')).toBeUndefined();
  });
});
