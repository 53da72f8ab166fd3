import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.js';
import { type Client, cookieHeader, seedUser, signedIn } from './helpers/client.js';
import { eventData, spotData } from './helpers/content.js';
import { createOrganisation } from './helpers/fixtures.js';

// Every operation of our own OpenAPI document, driven with generated valid and invalid bodies,
// query strings and path ids, as a visitor, a general user and an admin of one organisation
// while a second organisation holds data: no answer may be a 5xx or mention the other one.
// Seeded: a failure prints FUZZ_SEED; `FUZZ_SEED=<n> npx vitest run --project db test/fuzz-api.test.ts`
// replays it (each operation's seed derives from it, so its first runs are the same whatever the
// budget). Bounded: FUZZ_RUNS per operation (3) while FUZZ_BUDGET_MS (12 s) lasts, then one each.
// FUZZ_LOG_LEVEL=error shows the server's own account of a 5xx.

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 3);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 12_000);

const HOME = 'fuzzhome';
const OTHER = 'otherorg';
const OTHER_MARK = 'ZQXFOREIGNMARK';

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  path: string;
  parameters: OpenApiParameter[];
  body: Schema | undefined;
}
// biome-ignore lint/suspicious/noExplicitAny: JSON Schema as OpenAPI serves it
type Schema = Record<string, any>;

interface RawAnswer {
  status: number;
  text: string;
}

/** Percent-encoded hostile strings (issue 10): each is sent as is, in a path segment or a query value. */
const HOSTILE_URL_VALUES = [
  '%00',
  'a%00b',
  '%ED%A0%80', // a lone surrogate \ud800, as UTF-8 bytes
  '%C0%AE%C0%AE%2F', // overlong "../"
  '..%2F..%2F..%2Fetc%2Fpasswd',
  '..',
  '%2e%2e',
  '1e30',
  '-1e30',
  '2147483648',
  '-2147483649',
  '9007199254740993',
  'NaN',
  'Infinity',
  '0x10',
  '2016-12-31T23%3A59%3A60Z',
  '2016-12-31T23:59:60Z',
  '2026-02-30',
  '99999-01-01T00%3A00%3A00Z',
  'eyJpZCI6IjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMCIsInQiOiIyMDI2LTAxLTAxIn0', // forged cursor
  'eyJvcmciOiJvdGhlcm9yZyJ9.AAAA',
  '%',
  '%zz',
  '%27%3B%20DROP%20TABLE%20tenant.spots%3B--',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  '%E2%80%AE',
  '%EF%BB%BF',
  'a'.repeat(10_000),
  `${'%F0%9F%8F%AF'.repeat(2000)}`,
  '',
];

/** Strings with the same troubles inside JSON bodies. */
const HOSTILE_JSON_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '../../etc/passwd',
  '1e30',
  '2147483648',
  '2016-12-31T23:59:60Z',
  '\u202Egnp.jpg',
  'x'.repeat(10_000),
  "'; DROP TABLE tenant.spots; --",
  '<script>alert(1)</script>',
  '',
];

const HOSTILE_NUMBERS = [1e30, -1e30, 2147483648, -2147483649, 2 ** 53 + 2, 0.5, -1, 0];

/** Raw JSON texts JSON.stringify cannot produce. */
const HOSTILE_RAW_BODIES = [
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  '{"email":"\\ud800","password":"x","serviceCode":"fuzzhome"}',
  '{"email":"a\\u0000b","password":"x","serviceCode":"fuzzhome"}',
  '{"limit":1e30}',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
  '{not json',
  '',
];

let t: TestApp;
let operations: Operation[] = [];
const homeIds: Record<string, string[]> = { spots: [], events: [], courses: [], articles: [], users: [] };
const otherIds: string[] = [];
let clients: Record<'anonymous' | 'general' | 'admin', Client | undefined>;

/** Sends exactly the path and body given (fetch would normalise "../" and re-encode). */
function send(
  method: string,
  path: string,
  body: string | undefined,
  client: Client | undefined,
): Promise<RawAnswer> {
  const { port } = new URL(t.url);
  // One connection per request: the server closes a connection after some refusals.
  const headers: Record<string, string> = { connection: 'close' };
  if (client && client.cookies.size > 0) {
    headers.cookie = cookieHeader(client);
    const csrf = client.cookies.get('mitte_csrf') ?? client.cookies.get('__Host-mitte_csrf');
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  }
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`no answer within 15 s: ${method} ${path}`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** encodeURIComponent that does not throw on lone surrogates (they go out as U+FFFD). */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));
  }
}

const hostileJsonString = fc.constantFrom(...HOSTILE_JSON_STRINGS);
const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileJsonString,
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS, null, true, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? 40, 40);
  const min = Math.min(schema.minLength ?? 0, max);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  if (schema.pattern) {
    // Length limits are left to the server: a pattern and a length filter together starve the generator.
    return fc.stringMatching(new RegExp(schema.pattern as string));
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'binary' });
}

/** Values for a schema; with `hostile`, any leaf may be replaced by a hostile value. */
function valueFor(schema: Schema, hostile: boolean, depth = 0): fc.Arbitrary<unknown> {
  const base = validFor(schema, hostile, depth);
  return hostile
    ? fc.oneof({ arbitrary: base, weight: 4 }, { arbitrary: hostileJsonValue, weight: 1 })
    : base;
}

function validFor(schema: Schema, hostile: boolean, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => valueFor(s, hostile, depth + 1)));
  const type = Array.isArray(schema.type)
    ? (schema.type as string[])
    : schema.type
      ? [schema.type as string]
      : ['object'];
  return fc.oneof(
    ...type.map((ty): fc.Arbitrary<unknown> => {
      switch (ty) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return fc.integer({
            min: Math.max(schema.minimum ?? -1_000_000, -1_000_000),
            max: Math.min(schema.maximum ?? 1_000_000, 1_000_000),
          });
        case 'number':
          return fc.double({
            min: schema.minimum ?? -1e6,
            max: schema.maximum ?? 1e6,
            noNaN: true,
            noDefaultInfinity: true,
          });
        case 'string':
          return stringFor(schema);
        case 'array':
          return fc.array(valueFor((schema.items as Schema) ?? {}, hostile, depth + 1), {
            maxLength: Math.min(schema.maxItems ?? 3, 3),
          });
        default: {
          const properties = (schema.properties ?? {}) as Record<string, Schema>;
          const required = (schema.required ?? []) as string[];
          return fc.record(
            Object.fromEntries(
              Object.entries(properties).map(([k, s]) => [k, valueFor(s, hostile, depth + 1)]),
            ),
            { requiredKeys: hostile ? [] : required.filter((k) => k in properties) },
          );
        }
      }
    }),
  );
}

interface FuzzRequest {
  path: string;
  body: string | undefined;
}

/** Path, query and body for one operation: ids of every kind, generated and hostile values. */
function requestFor(op: Operation, role: keyof typeof clients): fc.Arbitrary<FuzzRequest> {
  const ownIds = Object.values(homeIds).flat();
  const idArb = fc.oneof(
    fc.constantFrom(...ownIds),
    fc.constantFrom(...otherIds),
    fc.uuid().map(String),
    fc.constantFrom(...HOSTILE_URL_VALUES),
  );
  const pathArbs: Record<string, fc.Arbitrary<string>> = {};
  for (const p of op.parameters.filter((p) => p.in === 'path')) {
    pathArbs[p.name] =
      p.name === 'serviceCode'
        ? fc.oneof(
            { arbitrary: fc.constant(HOME), weight: 4 },
            { arbitrary: fc.constantFrom(...HOSTILE_URL_VALUES), weight: 1 },
          )
        : p.name === 'revision'
          ? fc.oneof(fc.integer({ min: 0, max: 5 }).map(String), fc.constantFrom(...HOSTILE_URL_VALUES))
          : p.name === 'id'
            ? idArb
            : fc.oneof(stringFor(p.schema).map(encode), fc.constantFrom(...HOSTILE_URL_VALUES));
  }
  const queryArbs: Record<string, fc.Arbitrary<string>> = {};
  for (const p of op.parameters.filter((p) => p.in === 'query')) {
    queryArbs[p.name] = fc.oneof(
      {
        arbitrary: (validFor(p.schema, false, 0) as fc.Arbitrary<unknown>).map((v) => encode(String(v))),
        weight: 3,
      },
      { arbitrary: fc.constantFrom(...HOSTILE_URL_VALUES), weight: 2 },
    );
  }
  const bodyArb: fc.Arbitrary<string | undefined> =
    op.method === 'GET' || op.method === 'DELETE'
      ? fc.constant(undefined)
      : fc.oneof(
          {
            arbitrary: validFor(op.body ?? { type: 'object' }, false, 0).map((v) => JSON.stringify(v)),
            weight: 3,
          },
          {
            arbitrary: validFor(op.body ?? { type: 'object' }, true, 0).map((v) => JSON.stringify(v)),
            weight: 3,
          },
          {
            arbitrary: fc.constantFrom(...HOSTILE_RAW_BODIES),
            // Deep JSON and broken text at every body; the anonymous routes get them most.
            weight: role === 'anonymous' ? 3 : 1,
          },
        );
  return fc
    .record({
      path: fc.record(pathArbs),
      query: fc.record(queryArbs, { requiredKeys: [] }),
      body: bodyArb,
    })
    .map(({ path, query, body }) => {
      const url = op.path.replace(/\{([a-zA-Z]+)\}/g, (_, name: string) => path[name] ?? '');
      const qs = Object.entries(query)
        .map(([k, v]) => `${k}=${v}`)
        .join('&');
      return { path: qs ? `${url}?${qs}` : url, body };
    });
}

/** The other organisation's ids the home organisation's requests have sent so far (its audit log records refusals). */
const sentOtherIds = new Set<string>();

/** What may never appear in an answer to someone of the home organisation or a visitor. */
function leakIn(answer: RawAnswer, request: FuzzRequest): string | undefined {
  if (answer.text.includes(OTHER)) return `the other organisation's service code (${OTHER})`;
  if (answer.text.toLowerCase().includes(OTHER_MARK.toLowerCase())) return "the other organisation's content";
  const sent = (id: string) => request.path.includes(id) || request.body?.includes(id) === true;
  // The audit log records what was asked for, refused ids included (a bulk action's refusals):
  // an id an earlier request sent is the home organisation's own input there, not the other's data.
  const audit = request.path.startsWith('/api/v1/audit/');
  let leak: string | undefined;
  for (const id of otherIds) {
    // An id we sent may be echoed in a 4xx; one we did not send must never show up.
    if (answer.text.includes(id) && !sent(id) && !(audit && sentOtherIds.has(id))) {
      leak ??= `the other organisation's id ${id}`;
    }
  }
  for (const id of otherIds) if (sent(id)) sentOtherIds.add(id);
  return leak;
}

async function createContent(client: Client, kind: string, data: unknown, publish: boolean): Promise<string> {
  const created = await client.post(`/api/v1/${kind}`, data);
  if (created.status !== 201) throw new Error(`create ${kind}: ${JSON.stringify(created.body)}`);
  const { id, version } = created.body as { id: string; version: number };
  if (publish) {
    const published = await client.post(`/api/v1/${kind}/${id}/publish`, { version });
    if (published.status !== 200) throw new Error(`publish ${kind}: ${JSON.stringify(published.body)}`);
  }
  return id;
}

/** One published and one draft item of every kind, in the given organisation. */
async function seedContent(client: Client, mark: string): Promise<Record<string, string[]>> {
  const ids: Record<string, string[]> = { spots: [], events: [], courses: [], articles: [] };
  for (const publish of [true, false]) {
    ids.spots!.push(await createContent(client, 'spots', spotData(`${mark} spot ${publish}`), publish));
  }
  const stops = ids.spots!.map((spotId) => ({ spotId, stayMinutes: 30 }));
  for (const publish of [true, false]) {
    ids.events!.push(await createContent(client, 'events', eventData(`${mark} event ${publish}`), publish));
    ids.courses!.push(
      await createContent(client, 'courses', { name: { ja: `${mark} course ${publish}` }, stops }, publish),
    );
    ids.articles!.push(
      await createContent(
        client,
        'articles',
        { title: { ja: `${mark} article ${publish}` }, body: { ja: `${mark} 本文` } },
        publish,
      ),
    );
  }
  return ids;
}

beforeAll(async () => {
  t = await startTestApp({
    env: { LOGIN_DELAY_BASE_MS: '0', LOG_LEVEL: process.env.FUZZ_LOG_LEVEL ?? 'silent' },
  });
  await createOrganisation(t.database.db, HOME);
  await createOrganisation(t.database.db, OTHER, `${OTHER_MARK} 町`);
  const otherAdmin = await seedUser(t, OTHER, {
    role: 'admin',
    email: `admin@${OTHER_MARK.toLowerCase()}.example.jp`,
  });
  const otherClient = await signedIn(t, OTHER, otherAdmin);
  otherIds.push(otherAdmin.id, ...Object.values(await seedContent(otherClient, OTHER_MARK)).flat());

  const admin = await signedIn(t, HOME, await seedUser(t, HOME, { role: 'admin' }));
  const general = await signedIn(
    t,
    HOME,
    await seedUser(t, HOME, {
      role: 'general',
      totp: false,
      rights: { spots: 'publish', events: 'edit', courses: 'view', media: 'edit', site: 'view' },
    }),
  );
  Object.assign(homeIds, await seedContent(admin, 'ホーム'));
  // A colleague the admin may suspend or delete during the run; never the accounts fuzzing.
  homeIds.users = [(await seedUser(t, HOME, { role: 'general', totp: false })).id];
  clients = { anonymous: undefined, general, admin };

  const doc = JSON.parse((await send('GET', '/api/openapi.json', undefined, undefined)).text) as {
    paths: Record<string, Record<string, Schema>>;
  };
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content as Record<string, { schema: Schema }> | undefined;
      // JSON operations only: the multipart upload and the CSV imports have their own tests.
      if (content && !content['application/json']) continue;
      if (!content && method === 'post' && /\/(import|media$)/.test(path)) continue;
      // Ending the fuzzing session would only make the rest of the run anonymous.
      if (path === '/api/v1/auth/logout') continue;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []) as OpenApiParameter[],
        body: content?.['application/json']?.schema,
      });
    }
  }
  operations = operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

function seedFor(role: string, op: Operation): number {
  let h = SEED;
  for (const ch of `${role} ${op.method} ${op.path}`) h = (h * 31 + ch.charCodeAt(0)) | 0;
  return h;
}

describe(`fuzzing the API from its OpenAPI document (FUZZ_SEED=${SEED})`, () => {
  it('reads every JSON operation from /api/openapi.json', () => {
    expect(operations.length).toBeGreaterThan(100);
    expect(operations.some((o) => o.path === '/api/v1/public/{serviceCode}/spots')).toBe(true);
  });

  for (const role of ['anonymous', 'general', 'admin'] as const) {
    it(`as ${role}: no 5xx and nothing of the other organisation, on every operation`, async () => {
      const deadline = Date.now() + BUDGET_MS / 3;
      const failures: string[] = [];
      let requests = 0;
      let ran = 0;
      for (const op of operations) {
        // Past the budget every remaining operation still gets one run.
        const runs = Date.now() < deadline ? RUNS_PER_OPERATION : 1;
        const result = await fc.check(
          fc.asyncProperty(requestFor(op, role), async (request) => {
            requests += 1;
            const answer = await send(op.method, request.path, request.body, clients[role]);
            // /readyz may say "not ready" (no scanner here); every other 5xx is a fault.
            const allowed = op.path === '/readyz' && answer.status === 503;
            if (answer.status >= 500 && !allowed) {
              throw new Error(`${answer.status} ${answer.text.slice(0, 300)}`);
            }
            const leak = leakIn(answer, request);
            if (leak) throw new Error(`${answer.status} reveals ${leak}: ${answer.text.slice(0, 300)}`);
          }),
          {
            seed: seedFor(role, op),
            numRuns: runs,
            endOnFailure: true,
          },
        );
        if (result.numRuns > 0) ran += 1;
        if (result.failed) {
          const example = result.counterexample?.[0] as FuzzRequest | undefined;
          const error =
            result.errorInstance ?? `failed after ${result.numRuns} runs (${result.numSkips} skipped)`;
          failures.push(
            `${role} ${op.method} ${op.path} → ${error instanceof Error ? error.message : String(error)}\n` +
              `    request: ${op.method} ${example?.path.slice(0, 300)} body ${example?.body?.slice(0, 200)}\n` +
              `    replay: FUZZ_SEED=${SEED} (operation seed ${result.seed})`,
          );
        }
      }
      process.stdout.write(
        `fuzz ${role}: ${requests} requests over ${ran}/${operations.length} operations (FUZZ_SEED=${SEED})\n`,
      );
      expect(failures, `FUZZ_SEED=${SEED}\n${failures.join('\n')}`).toEqual([]);
      expect(ran).toBe(operations.length);
    }, 120_000);
  }

  it('the public site and public API answer every hostile string without a 5xx', async () => {
    const failures: string[] = [];
    const paths = [
      (v: string) => `/s/${v}`,
      (v: string) => `/s/${HOME}/${v}`,
      (v: string) => `/s/${HOME}/ja/spots/${v}`,
      (v: string) => `/s/${HOME}/ja/events/${v}`,
      (v: string) => `/s/${HOME}/ja/search?q=${v}`,
      (v: string) => `/s/${HOME}/ja/events/?from=${v}&to=${v}`,
      (v: string) => `/s/${HOME}/media/${v}/${v}`,
      (v: string) => `/s/${HOME}/sitemaps/${v}`,
      (v: string) => `/s/${HOME}/ja/spots/?category=${v}&tag=${v}&cursor=${v}&page=${v}`,
      (v: string) => `/api/v1/public/${v}/spots`,
      (v: string) => `/api/v1/public/${HOME}/spots/${v}`,
      (v: string) => `/api/v1/public/${HOME}/spots?q=${v}&category=${v}&tag=${v}`,
      (v: string) => `/api/v1/public/${HOME}/events?from=${v}&to=${v}&cursor=${v}&limit=${v}`,
      (v: string) => `/api/v1/public/${HOME}/articles?cursor=${v}&lang=${v}`,
      (v: string) => `/api/v1/public/${HOME}/courses/${v}/jsonld?lang=${v}`,
      (v: string) => `/api/v1/public/${HOME}/search?q=${v}&limit=${v}`,
      (v: string) => `/api/v1/public/${HOME}/opendata/tourism.csv?encoding=${v}`,
    ];
    const requests = HOSTILE_URL_VALUES.flatMap((value) => paths.map((build) => build(value)));
    // Four at a time: the sweep is ~500 requests, all read-only.
    const workers = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; i < requests.length; i += 4) {
        const path = requests[i]!;
        const answer = await send('GET', path, undefined, undefined);
        if (answer.status >= 500) {
          failures.push(`${answer.status} GET ${path.slice(0, 200)}: ${answer.text.slice(0, 200)}`);
        }
        if (leakIn(answer, { path, body: undefined })) failures.push(`leak: GET ${path.slice(0, 200)}`);
      }
    });
    await Promise.all(workers);
    for (const body of HOSTILE_RAW_BODIES) {
      for (const path of ['/api/v1/auth/login', '/api/v1/ops/auth/login', '/api/v1/auth/password-reset']) {
        const answer = await send('POST', path, body, undefined);
        if (answer.status >= 500)
          failures.push(`${answer.status} POST ${path} ${body.slice(0, 60)}: ${answer.text.slice(0, 200)}`);
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);

  it('the server is still up and serving its users afterwards', async () => {
    expect((await send('GET', '/healthz', undefined, undefined)).status).toBe(200);
    expect((await clients.admin!.get('/api/v1/spots')).status).toBe(200);
    expect((await send('GET', `/api/v1/public/${HOME}/spots`, undefined, undefined)).status).toBe(200);
  });
});
