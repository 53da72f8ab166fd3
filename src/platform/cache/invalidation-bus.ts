import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CheckResult } from '../observability/readiness.js';

/**
 * What changed: one organisation's public content, everything (a change whose organisations are
 * not known, or messages possibly missed while Redis was away), or the custom-domain map.
 */
export type Invalidation = { org: string } | { all: true } | { domains: true };

export type InvalidationListener = (message: Invalidation) => void | Promise<void>;

interface Log {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface InvalidationBusOptions {
  /** Unset: invalidations stay on this node (single node, or each node bounded by the TTL). */
  redisUrl?: string | undefined;
  /** Prefix of the channel name, so several deployments can share one Redis. */
  prefix: string;
  log: Log;
}

const RECONNECT_MAX_MS = 5000;

// Loaded only where REDIS_URL is set: the client costs every single-node start about 0.2 s of CPU.
const loadRedis = () => import('ioredis');

/** The channel every node listens on; the CLI publishes to it too. */
export function invalidationChannel(prefix: string): string {
  return `${prefix}cache-invalidation`;
}

/**
 * Tells this node's caches, and through Redis pub/sub every other node's, that public content
 * changed. Redis is a help, never a dependency: when it is down this node keeps serving, logs a
 * warning once, reconnects on its own, and on reconnecting drops everything it cached meanwhile
 * (messages sent while it was away are lost), so staleness stays bounded by the cache TTL.
 */
export class InvalidationBus {
  private readonly listeners: InvalidationListener[] = [];
  private readonly nodeId = randomUUID();
  private publisher: Redis | undefined;
  private subscriber: Redis | undefined;
  private connected = false;
  private wasConnected = false;
  private lastError: string | null = null;
  private readonly channel: string;

  constructor(private readonly options: InvalidationBusOptions) {
    this.channel = invalidationChannel(options.prefix);
  }

  get configured(): boolean {
    return Boolean(this.options.redisUrl);
  }

  subscribe(listener: InvalidationListener): void {
    this.listeners.push(listener);
  }

  /** Applies the change on this node (awaited), then tells the other nodes (not awaited). */
  async publish(message: Invalidation): Promise<void> {
    await this.deliver(message);
    if (!this.publisher) return;
    this.publisher
      .publish(this.channel, JSON.stringify({ from: this.nodeId, ...message }))
      .catch((error: unknown) =>
        this.options.log.warn(
          { err: { message: (error as Error).message }, channel: this.channel },
          'cache invalidation not sent to other nodes (Redis unavailable); their TTL bounds staleness',
        ),
      );
  }

  async start(): Promise<void> {
    const url = this.options.redisUrl;
    if (!url) return;
    const { Redis } = await loadRedis();
    const common = {
      // Keep trying forever, at most every few seconds; the service never waits for Redis.
      retryStrategy: (times: number) => Math.min(times * 250, RECONNECT_MAX_MS),
      maxRetriesPerRequest: 1,
      connectionName: 'mitte-cache-invalidation',
    };
    // A publish while Redis is away fails at once rather than queueing a stale message.
    this.publisher = new Redis(url, { ...common, enableOfflineQueue: false });
    this.subscriber = new Redis(url, common);
    this.publisher.on('error', () => {});
    this.subscriber.on('error', (error: Error) => this.down(error.message));
    this.subscriber.on('end', () => this.down('connection closed'));
    this.subscriber.on('close', () => this.down('connection closed'));
    this.subscriber.on('ready', () => void this.up());
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      const message = parseMessage(raw);
      if (!message || message.from === this.nodeId) return;
      void this.deliver(message.body);
    });
    await this.subscriber.subscribe(this.channel).catch((error: unknown) => {
      // Subscribed again automatically once Redis answers.
      this.down((error as Error).message);
    });
  }

  async stop(): Promise<void> {
    const clients = [this.publisher, this.subscriber];
    this.publisher = undefined;
    this.subscriber = undefined;
    for (const client of clients) {
      if (!client) continue;
      client.removeAllListeners('close');
      client.removeAllListeners('end');
      client.disconnect();
    }
  }

  /** For /readyz: reported, never making the node unready (the TTL bounds staleness without it). */
  status(): CheckResult {
    if (!this.configured) return { ok: true, configured: false, scope: 'this node only' };
    return {
      ok: true,
      configured: true,
      state: this.connected ? 'connected' : 'reconnecting',
      channel: this.channel,
      lastError: this.connected ? null : this.lastError,
      warning: this.connected
        ? null
        : 'Redis unreachable: other nodes learn of changes only when their cache entries expire',
    };
  }

  private async up(): Promise<void> {
    const again = this.wasConnected || this.lastError !== null;
    this.connected = true;
    this.wasConnected = true;
    if (!again) return;
    this.options.log.info({ channel: this.channel }, 'Redis reachable again: cache invalidation restored');
    this.lastError = null;
    // Whatever was published while this node was away is lost: start from nothing.
    await this.deliver({ all: true });
    await this.deliver({ domains: true });
  }

  private down(reason: string): void {
    if (!this.connected && this.lastError !== null) return;
    this.connected = false;
    this.lastError = reason;
    this.options.log.warn(
      { reason, channel: this.channel },
      'Redis unreachable: serving on, cache invalidation reaches other nodes only through the TTL; reconnecting',
    );
  }

  private async deliver(message: Invalidation): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(message);
      } catch (error) {
        this.options.log.warn({ err: { message: (error as Error).message } }, 'cache invalidation failed');
      }
    }
  }
}

function parseMessage(raw: string): { from: string; body: Invalidation } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { from, org, all, domains } = value as Record<string, unknown>;
  const sender = typeof from === 'string' ? from : '';
  if (typeof org === 'string') return { from: sender, body: { org } };
  if (all === true) return { from: sender, body: { all: true } };
  if (domains === true) return { from: sender, body: { domains: true } };
  return undefined;
}

/** For a process that is no node (the CLI): one message to every node, then disconnect. */
export async function publishInvalidation(
  redisUrl: string,
  prefix: string,
  message: Invalidation,
): Promise<void> {
  const { Redis } = await loadRedis();
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.publish(invalidationChannel(prefix), JSON.stringify({ from: 'cli', ...message }));
  } finally {
    client.disconnect();
  }
}
