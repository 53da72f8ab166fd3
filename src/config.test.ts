import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { ensureMasterKey } from './platform/crypto/master-key.js';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

/** A production environment that loads; each production test spoils or removes one variable. */
const PRODUCTION = {
  NODE_ENV: 'production',
  TRUST_PROXY: 'true',
  MASTER_KEY_FILE: '/k',
  BASE_URL: 'https://example.jp',
  CLAMD_URL: 'unix:///run/clamav/clamd.ctl',
  METRICS_TOKEN: 'a-long-enough-metrics-token',
};
const without = (...names: (keyof typeof PRODUCTION)[]) =>
  Object.fromEntries(Object.entries(PRODUCTION).filter(([name]) => !names.includes(name as never)));

describe('config', () => {
  it('checks hosts strictly in production only unless told, with BASE_URL and ALLOWED_HOSTS allowed', () => {
    expect(loadConfig({}).hostCheck.strict).toBe(false);
    const strict = loadConfig({
      HOST_CHECK: 'strict',
      BASE_URL: 'https://Kanko.Example.jp',
      ALLOWED_HOSTS: 'Mitte.Internal, ops.example.jp',
    }).hostCheck;
    expect(strict).toEqual({
      strict: true,
      serviceHosts: ['kanko.example.jp', 'mitte.internal', 'ops.example.jp'],
    });
  });

  it('has working defaults for the embedded mode', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.databaseUrl).toBeUndefined();
    expect(config.masterKeyFile).toBe(path.resolve('./data/master.key'));
    expect(config.mayGenerateMasterKey).toBe(true);
    expect(config.demo).toBe(true);
    expect(config.tls).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.redisPrefix).toBe('mitte:');
    expect(config.publicCache).toEqual({ maxBytes: 64 * 1024 * 1024, ttlSeconds: 60, admitAfter: 2 });
    expect(config.mediaProcessingConcurrency).toBe(2);
    expect(config.mediaImageThreads).toBe(1);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ MEDIA_IMAGE_THREADS: '0' }, 'MEDIA_IMAGE_THREADS'],
    [{ HOST: 'bad host!' }, 'HOST'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_OWNER_URL: 'postgres://x/y' }, 'DATABASE_OWNER_URL'],
    [{ BASE_URL: 'ftp://x' }, 'BASE_URL'],
    [{ TLS_CERT: '/tmp/cert.pem' }, 'TLS_KEY'],
    [{ TLS_KEY: '/tmp/key.pem' }, 'TLS_CERT'],
    [{ TRUST_PROXY: 'everyone' }, 'TRUST_PROXY'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ BODY_LIMIT_BYTES: '-1' }, 'BODY_LIMIT_BYTES'],
    [{ DATABASE_POOL_MAX: '0' }, 'DATABASE_POOL_MAX'],
    [{ DEMO: 'maybe' }, 'DEMO'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ REDIS_PREFIX: 'has space' }, 'REDIS_PREFIX'],
    [{ PUBLIC_CACHE_MB: 'lots' }, 'PUBLIC_CACHE_MB'],
    [{ PUBLIC_CACHE_TTL_SECONDS: '0' }, 'PUBLIC_CACHE_TTL_SECONDS'],
    [{ HOST_CHECK: 'lenient' }, 'HOST_CHECK'],
    [{ ALLOWED_HOSTS: 'ok.example.jp, bad host' }, 'ALLOWED_HOSTS'],
  ])('%o stops with the variable named', (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
  });

  it('production refuses plain HTTP unless TLS or a trusted proxy is configured', () => {
    const base = without('TRUST_PROXY');
    expect(errorOf(base).variable).toBe('TLS_CERT');
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.1' }).production).toBe(true);
    expect(loadConfig({ ...base, TLS_CERT: '/c', TLS_KEY: '/k' }).tls).toBeDefined();
  });

  it('production refuses to generate keys: MASTER_KEY_FILE is required', () => {
    const error = errorOf(without('MASTER_KEY_FILE'));
    expect(error.variable).toBe('MASTER_KEY_FILE');
    expect(error.message).toContain('never generated');
  });

  it('production requires an https BASE_URL', () => {
    expect(errorOf(without('BASE_URL')).variable).toBe('BASE_URL');
  });

  it('production requires a virus scanner (CLAMD_URL)', () => {
    expect(errorOf(without('CLAMD_URL')).variable).toBe('CLAMD_URL');
    expect(errorOf({ CLAMD_URL: 'http://clamd' }).variable).toBe('CLAMD_URL');
  });

  it('production requires a METRICS_TOKEN of at least 16 characters; elsewhere it is optional', () => {
    const base = without('METRICS_TOKEN');
    expect(errorOf(base).variable).toBe('METRICS_TOKEN');
    expect(errorOf({ ...base, METRICS_TOKEN: 'short' }).variable).toBe('METRICS_TOKEN');
    expect(loadConfig(PRODUCTION).metricsToken).toBe('a-long-enough-metrics-token');
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });

  it('DATABASE_URL switches off the demo and the embedded database', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://mitte_app@db/mitte' });
    expect(config.databaseUrl).toBe('postgres://mitte_app@db/mitte');
    expect(config.demo).toBe(false);
  });
});

describe('master key', () => {
  // Removed after the tests: some hold a generated key.
  const made: string[] = [];
  const dir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-key-'));
    made.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('is generated once in embedded mode, 32 bytes, mode 0600', () => {
    const file = path.join(dir(), 'sub', 'master.key');
    const first = ensureMasterKey({ masterKeyFile: file, mayGenerateMasterKey: true });
    expect(first.generated).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const second = ensureMasterKey({ masterKeyFile: file, mayGenerateMasterKey: true });
    expect(second.generated).toBe(false);
    expect(second.key.equals(first.key)).toBe(true);
  });

  it('is never generated where generation is not allowed (production)', () => {
    const file = path.join(dir(), 'master.key');
    expect(() => ensureMasterKey({ masterKeyFile: file, mayGenerateMasterKey: false })).toThrow(
      /MASTER_KEY_FILE/,
    );
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a key file readable by others, or of the wrong length', () => {
    const d = dir();
    const loose = path.join(d, 'loose.key');
    fs.writeFileSync(loose, Buffer.alloc(32).toString('base64'), { mode: 0o644 });
    expect(() => ensureMasterKey({ masterKeyFile: loose, mayGenerateMasterKey: false })).toThrow(/chmod 600/);
    const short = path.join(d, 'short.key');
    fs.writeFileSync(short, Buffer.alloc(16).toString('base64'), { mode: 0o600 });
    expect(() => ensureMasterKey({ masterKeyFile: short, mayGenerateMasterKey: false })).toThrow(/32 bytes/);
  });
});
