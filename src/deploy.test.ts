import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from './config.js';

// Deployment as code (deploy/), checked against the config schema: every variable the manifests
// set is one src/config.ts reads, the settings load in production, and the ports, probes, users,
// mounts and secrets agree with each other. No docker or kubectl is needed.

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, 'deploy', file), 'utf8');
// Parsed YAML is untyped by nature; the assertions below are the schema.
// biome-ignore lint/suspicious/noExplicitAny: parsed manifests
type Obj = Record<string, any>;

/** The variables the config reads (read*(env, 'NAME')), those the AWS SDK reads itself, and glibc's. */
const KNOWN = new Set([
  ...[
    ...fs.readFileSync(path.join(ROOT, 'src/config.ts'), 'utf8').matchAll(/read\w*\(env, '([A-Z0-9_]+)'/g),
  ].map((m) => m[1]!),
  'AWS_SHARED_CREDENTIALS_FILE',
  'MALLOC_ARENA_MAX',
]);

function expectKnown(names: string[]) {
  const unknown = names.filter((n) => !KNOWN.has(n));
  expect(unknown, 'variables no part of the config reads').toEqual([]);
}

function docs(file: string): Obj[] {
  return parseAllDocuments(read(file)).map((d) => d.toJS() as Obj);
}

describe('Kubernetes manifests (deploy/k8s)', () => {
  const [deployment, service] = docs('k8s/deployment.yaml');
  const configMap = docs('k8s/configmap.yaml')[0]!;
  const secret = docs('k8s/secret.example.yaml')[0]!;
  const [hpa, pdb] = docs('k8s/autoscaling.yaml');
  const policy = docs('k8s/network-policy.yaml')[0]!;
  const cron = docs('k8s/backup-cronjob.yaml')[0]!;

  /** A pod spec's environment as the app would see it (config map + secret values). */
  function environment(pod: Obj): Record<string, string> {
    const container = pod.containers[0];
    const env: Record<string, string> = {};
    for (const _ of container.envFrom ?? []) Object.assign(env, configMap.data);
    for (const e of container.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(secret.stringData), `secret key ${ref.key}`).toContain(ref.key);
        env[e.name] = secret.stringData[ref.key];
      } else env[e.name] = e.value;
    }
    return env;
  }

  /** The file a variable names is in a secret volume mounted read-only, as an item of the secret. */
  function expectSecretFile(pod: Obj, file: string) {
    const container = pod.containers[0];
    const mount = container.volumeMounts.find((m: Obj) => file.startsWith(`${m.mountPath}/`));
    expect(mount, `a mount holding ${file}`).toBeDefined();
    expect(mount.readOnly).toBe(true);
    const volume = pod.volumes.find((v: Obj) => v.name === mount.name);
    expect(volume.secret.secretName).toBe(secret.metadata.name);
    const item = volume.secret.items.find((i: Obj) => `${mount.mountPath}/${i.path}` === file);
    expect(Object.keys(secret.stringData)).toContain(item.key);
    expect(volume.secret.defaultMode).toBe(0o400);
  }

  function expectLockedDown(pod: Obj) {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(pod.automountServiceAccountToken).toBe(false);
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    expect(c.securityContext.capabilities.drop).toEqual(['ALL']);
    // The root file system is read-only: DATA_DIR and /tmp are volumes.
    const mounts = c.volumeMounts.map((m: Obj) => m.mountPath);
    expect(mounts).toContain(configMap.data.DATA_DIR);
    expect(mounts).toContain('/tmp');
  }

  it('the app pod: known variables that load in production, secrets as files, non-root, read-only', () => {
    const pod = deployment!.spec.template.spec;
    const env = environment(pod);
    expectKnown(Object.keys(env));
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(config.blobStore.kind).toBe('s3');
    expectSecretFile(pod, config.masterKeyFile);
    expectSecretFile(pod, config.backup.keyFile!);
    expectLockedDown(pod);
  });

  it('the published tier on memory (emptyDir medium Memory, room for PUBLISHED_TIER_MB), counted in the memory limit', () => {
    const pod = deployment!.spec.template.spec;
    const c = pod.containers[0];
    const mount = c.volumeMounts.find((m: Obj) => m.mountPath === configMap.data.PUBLISHED_TIER_DIR);
    const volume = pod.volumes.find((v: Obj) => v.name === mount?.name);
    expect(volume?.emptyDir.medium).toBe('Memory');
    const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? Number(/^(\d+)Gi$/.exec(q)?.[1]) * 1024);
    const tier = Number(configMap.data.PUBLISHED_TIER_MB);
    expect(mib(volume.emptyDir.sizeLimit)).toBeGreaterThanOrEqual(tier);
    // A memory-backed volume counts towards the container's limit: 1 GiB left for the process.
    expect(mib(c.resources.limits.memory) - mib(volume.emptyDir.sizeLimit)).toBeGreaterThanOrEqual(1024);
  });

  it('ports and probes: the container port is PORT, readiness /readyz, liveness /healthz', () => {
    const pod = deployment!.spec.template.spec;
    const c = pod.containers[0];
    const port = Number(configMap.data.PORT);
    const named = Object.fromEntries(c.ports.map((p: Obj) => [p.name, p.containerPort]));
    expect(named.http).toBe(port);
    expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(service!.spec.ports[0].targetPort).toBe('http');
    expect(service!.spec.selector).toEqual(deployment!.spec.selector.matchLabels);
  });

  it('scales between two and more pods, keeps one through disruptions', () => {
    expect(hpa!.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment!.metadata.name });
    expect(hpa!.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(pdb!.spec.selector.matchLabels).toEqual(deployment!.spec.selector.matchLabels);
    expect(pdb!.spec.minAvailable).toBeGreaterThanOrEqual(1);
  });

  it('the network policy opens only the app port in, and the dependencies’ ports out', () => {
    const config = loadConfig(environment(deployment!.spec.template.spec));
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment!.spec.selector.matchLabels);
    const inPorts = policy.spec.ingress.flatMap((r: Obj) => r.ports.map((p: Obj) => p.port));
    expect(inPorts).toEqual([config.port]);
    const outPorts = new Set(policy.spec.egress.flatMap((r: Obj) => r.ports.map((p: Obj) => p.port)));
    const portOf = (url: string, fallback: number) => Number(new URL(url).port || fallback);
    expect(outPorts).toContain(portOf(config.databaseUrl!, 5432));
    expect(outPorts).toContain(portOf(config.redisUrl!, 6379));
    expect(outPorts).toContain(portOf(config.clamdUrl!, 3310));
    expect(outPorts).toContain(
      config.blobStore.kind === 's3' ? portOf(config.blobStore.endpoint!, 443) : 443,
    );
  });

  it('the backup CronJob runs mitte backup with the backup key, as the app runs', () => {
    const pod = cron.spec.jobTemplate.spec.template.spec;
    const env = environment(pod);
    expectKnown(Object.keys(env));
    const config = loadConfig(env);
    expect(pod.containers[0].command).toEqual(['node', 'bin/mitte.js', 'backup', '--out', '/backups']);
    expectSecretFile(pod, config.backup.keyFile!);
    expectSecretFile(pod, config.masterKeyFile);
    expectLockedDown(pod);
  });
});

describe('compose.yaml (one host)', () => {
  // ${VAR:?message} and ${VAR} as deploy/.env would fill them.
  const compose = parse(
    read('compose.yaml').replace(/\$\{([A-Z_]+)(?::?\?[^}]*)?\}/g, (_m, name: string) =>
      name === 'METRICS_TOKEN' ? 'a-metrics-token-of-32-characters' : 'secret',
    ),
    { merge: true },
  ) as Obj;

  it('two app nodes with known variables that load in production, secrets as files, non-root, read-only', () => {
    for (const name of ['app1', 'app2']) {
      const app = compose.services[name];
      expectKnown(Object.keys(app.environment));
      const config = loadConfig(app.environment);
      expect(config.production).toBe(true);
      expect(app.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
      expect(app.read_only).toBe(true);
      expect(app.tmpfs.some((t: string) => t.startsWith('/tmp'))).toBe(true);
      expect(app.volumes.some((v: string) => v.endsWith(`:${config.dataDir}`))).toBe(true);
      for (const file of [config.masterKeyFile, config.backup.keyFile!]) {
        const secretName = file.replace('/run/secrets/', '');
        expect(app.secrets).toContain(secretName);
        expect(compose.secrets[secretName]).toBeDefined();
      }
      for (const dependency of ['postgres', 'redis', 'clamd', 'objects'])
        expect(compose.services[dependency]).toBeDefined();
    }
  });

  it('the TLS proxy checks /readyz and sends to both nodes on PORT', () => {
    const port = compose.services.app1.environment.PORT;
    const cfg = read('proxy/haproxy.cfg');
    expect(cfg).toMatch(/bind :\d+ ssl crt /);
    expect(cfg).toContain('ssl-min-ver TLSv1.2');
    expect(cfg).toContain('option httpchk GET /readyz');
    expect(cfg).toContain(`server app1 app1:${port} check`);
    expect(cfg).toContain(`server app2 app2:${port} check`);
  });
});

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const stages = text.split(/^FROM /m).slice(1);
  const final = stages.at(-1)!;

  it('is multi-stage: the final image has no compilers nor dev dependencies', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final).not.toMatch(/npm (ci|install)|build-essential|\bgcc\b|\bmake\b|npm run build/);
    expect(final).toMatch(/COPY --from=build/);
  });

  it('runs as a non-root user, exposes PORT, and checks /healthz', () => {
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(final);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    const port = /PORT=(\d+)/.exec(final)?.[1];
    expect(final).toContain(`EXPOSE ${port}`);
    expect(final).toMatch(/HEALTHCHECK [^\n]*\\\n[^\n]*\/healthz/);
    expect(final).toMatch(/VOLUME \["\/data", "\/tmp"\]/);
  });
});

describe('the server process', () => {
  it('starts with the same memory settings wherever it runs: Dockerfile, systemd, scripts/start', () => {
    const starts = {
      docker: /^CMD \[(.*)\]$/m.exec(read('Dockerfile'))?.[1],
      systemd: /^ExecStart=(.*)$/m.exec(read('systemd/mitte.service'))?.[1],
      script: fs
        .readFileSync(path.join(ROOT, 'scripts/start'), 'utf8')
        .split('\n')
        .find((line) => line.includes('dist/src/server.js')),
    };
    for (const [where, line] of Object.entries(starts)) {
      expect(line, where).toMatch(
        /node"?,? "?--max-semi-space-size=8"?,? "?--heap-growing-percent=50"?,? "?dist\/src\/server\.js/,
      );
    }
    expect(read('Dockerfile')).toMatch(/MALLOC_ARENA_MAX=2/);
    expect(read('systemd/mitte.service')).toMatch(/MALLOC_ARENA_MAX=2/);
    expect(starts.script).toMatch(/MALLOC_ARENA_MAX=\$\{MALLOC_ARENA_MAX:-2\}/);
  });
});

describe('systemd units', () => {
  const unit = read('systemd/mitte.service');
  const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]!);

  it('a hardened, non-root service whose settings load in production', () => {
    expect(values('User')[0]).toBe('mitte');
    expect(values('NoNewPrivileges')[0]).toBe('true');
    expect(values('ProtectSystem')[0]).toBe('strict');
    const env: Record<string, string> = {};
    for (const line of values('Environment')) {
      for (const pair of line.split(' ')) {
        const [k, v] = pair.split('=') as [string, string];
        env[k] = v;
      }
    }
    for (const line of read('systemd/mitte.env.example').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (m) env[m[1]!] = m[2]!;
    }
    expectKnown(Object.keys(env));
    const config = loadConfig(env);
    expect(config.production).toBe(true);
    expect(values('ReadWritePaths')[0]).toContain(config.dataDir);
    expect(read('systemd/mitte-backup.timer')).toMatch(/OnCalendar=/);
    expect(read('systemd/mitte-backup.service')).toMatch(/bin\/mitte\.js backup --out/);
  });
});
