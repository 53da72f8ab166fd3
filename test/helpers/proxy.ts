import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Debian's HAProxy, installed by scripts/lib.sh (ensure_haproxy). */
export const HAPROXY = '/usr/sbin/haproxy';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface TestProxy {
  child: ChildProcess;
  url: string;
  stop(): void;
}

/**
 * HAProxy in front of app nodes, as deploy/proxy/haproxy.cfg runs it: round robin, health checks
 * on /readyz, and a request whose node refuses or drops the connection retried on another one.
 * Its config is written into `dir`.
 */
export async function startHaproxy(
  dir: string,
  nodeUrls: string[],
  options: { maxconn?: number; checkIntervalMs?: number } = {},
): Promise<TestProxy> {
  const port = await freePort();
  const servers = nodeUrls.map((u, i) => `  server node${i} ${new URL(u).host} check`).join('\n');
  const config = path.join(dir, `haproxy-${port}.cfg`);
  fs.writeFileSync(
    config,
    `global
  maxconn ${options.maxconn ?? 512}
defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  # A node that refuses or drops a connection: the request goes to another one.
  retries 2
  option redispatch 1
  retry-on conn-failure empty-response
frontend web
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /readyz
  http-check expect status 200
  # Fast to notice a killed node in tests; a bench at full CPU passes a longer interval so
  # that slow readiness answers do not mark busy nodes down.
  timeout check ${Math.max(1000, 2 * (options.checkIntervalMs ?? 300))}ms
  default-server inter ${options.checkIntervalMs ?? 300}ms fall 2 rise 1
${servers}
`,
  );
  const child = spawn(HAPROXY, ['-db', '-f', config], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if ((await fetch(`${url}/healthz`).catch(() => null))?.status === 200)
      return { child, url, stop: () => child.kill('SIGKILL') };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('HAProxy did not answer');
}
