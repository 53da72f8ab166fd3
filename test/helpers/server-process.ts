import { type ChildProcess, spawn } from 'node:child_process';
import { childEnv } from './env.js';

/** The built server (`node dist/src/server.js`) as a child process; `npm run build:server` first. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  exited: Promise<number | null>;
  output: () => string;
  /** SIGKILL: a crash, nothing runs after it. */
  kill(): Promise<void>;
  /** SIGTERM: an orderly stop. */
  stop(): Promise<number | null>;
}

export function runServer(
  env: Record<string, string>,
  nodeArgs: readonly string[] = [],
): {
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
} {
  const child = spawn('node', [...nodeArgs, 'dist/src/server.js'], { env: childEnv({ PORT: '0', ...env }) });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let out = '';
  child.stdout!.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    out += chunk;
  });
  return { child, exited, output: () => out };
}

/**
 * Starts the built server and resolves once it has logged "ready" (within readyWithinMs);
 * `nodeArgs` go to node before the script (a bench passes the deployed ones: bench/lib/deployed.ts).
 */
export function startServer(
  env: Record<string, string>,
  { readyWithinMs = 90_000, nodeArgs = [] }: { readyWithinMs?: number; nodeArgs?: readonly string[] } = {},
): Promise<ServerProcess> {
  const { child, exited, output } = runServer(env, nodeArgs);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // A server that never got ready must not outlive the test.
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${readyWithinMs / 1000} s:\n${output()}`));
    }, readyWithinMs);
    const poll = setInterval(() => {
      const listening = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output());
      if (listening && output().includes('"msg":"ready"')) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({
          child,
          url: listening[1]!,
          pid: child.pid!,
          exited,
          output,
          async kill() {
            child.kill('SIGKILL');
            await exited;
          },
          stop() {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output()}`));
    });
  });
}
