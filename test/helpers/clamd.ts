// A real clamd for tests: Debian's /usr/sbin/clamd in the foreground with a private config, a
// private socket and a database directory holding only our own signatures (no download ever
// happens). Installed by ensure_clamav in scripts/lib.sh.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const CLAMD = '/usr/sbin/clamd';
const TESTFILES = '/usr/share/clamav-testfiles';

/** The EICAR test string anywhere in a file, also inside archives clamd unpacks. */
const EICAR_NDB = 'Mitte.Test.EICAR:0:*:45494341522d5354414e444152442d414e544956495255532d544553542d46494c45';

export interface TestClamd {
  /** unix:///…/clamd.sock */
  url: string;
  socketPath: string;
  databaseDir: string;
  /** clamd's TemporaryDirectory (0700), where it keeps a streamed file while scanning it. */
  temporaryDir: string;
  /** The running clamd's process id (to show that something did not restart it). */
  pid(): number | undefined;
  /** Kills clamd (for "scanner unreachable" tests); the directory stays for start(). */
  stop(): Promise<void>;
  /** Starts clamd again on the same socket and databases. */
  start(): Promise<void>;
  /** stop() and remove the temporary directory. */
  dispose(): Promise<void>;
}

export interface StartClamdOptions {
  /** More .ndb lines (name:target:offset:hex) loaded with the EICAR signature. */
  extraSignatures?: string;
  /** clamd's StreamMaxLength, e.g. '1M' to test the size limit quickly (default 600M). */
  streamMaxLength?: string;
}

/** One `md5:size:Mitte.Test.<file>` line per file of Debian's clamav-testfiles. */
function testfileHashes(): string {
  if (!fs.existsSync(TESTFILES)) return '';
  return fs
    .readdirSync(TESTFILES)
    .sort()
    .map((name) => {
      const data = fs.readFileSync(path.join(TESTFILES, name));
      return `${createHash('md5').update(data).digest('hex')}:${data.length}:Mitte.Test.${name}\n`;
    })
    .join('');
}

function clamdConfig(dir: string, options: StartClamdOptions): string {
  return [
    `LocalSocket ${path.join(dir, 'clamd.sock')}`,
    'FixStaleSocket yes',
    `DatabaseDirectory ${path.join(dir, 'db')}`,
    `TemporaryDirectory ${path.join(dir, 'tmp')}`,
    `LogFile ${path.join(dir, 'clamd.log')}`,
    'Foreground yes',
    // Signatures change only through RELOAD (the updater under test), never behind its back.
    'SelfCheck 0',
    'ScanArchive yes',
    `StreamMaxLength ${options.streamMaxLength ?? '600M'}`,
    // Refusing what cannot be fully scanned: AlertExceedsMax reports a file whose content exceeds a
    // limit as Heuristics.Limits.Exceeded.* instead of silently passing it unscanned. That is
    // what stops a zip/gzip bomb. It is safe for ordinary uploads only because MaxFileSize is not
    // below StreamMaxLength (an upload clamd accepts can never exceed it by itself) and
    // MaxScanSize leaves room for the content clamd extracts from a large PDF or video; a 100 MB
    // file scans as clean (tested in clamd.test.ts).
    'AlertExceedsMax yes',
    'MaxFileSize 600M',
    'MaxScanSize 1024M',
    'MaxRecursion 10',
    'MaxFiles 10000',
    'MaxScanTime 120000',
    '',
  ].join('\n');
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ path: socketPath });
    let answer = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', (data) => {
      answer += data.toString();
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(answer.startsWith('PONG')));
    socket.end('zPING\0');
  });
}

export async function startClamd(options: StartClamdOptions = {}): Promise<TestClamd> {
  if (!fs.existsSync(CLAMD)) {
    throw new Error(`${CLAMD} is missing: install clamav-daemon (scripts/lib.sh ensure_clamav)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mitte-clamd-'));
  const databaseDir = path.join(dir, 'db');
  const socketPath = path.join(dir, 'clamd.sock');
  const configFile = path.join(dir, 'clamd.conf');
  fs.mkdirSync(databaseDir, { mode: 0o700 });
  const temporaryDir = path.join(dir, 'tmp');
  fs.writeFileSync(
    path.join(databaseDir, 'mitte-test.ndb'),
    `${EICAR_NDB}\n${options.extraSignatures ?? ''}`,
  );
  fs.writeFileSync(path.join(databaseDir, 'mitte-testfiles.hdb'), testfileHashes());
  fs.writeFileSync(configFile, clamdConfig(dir, options));

  let child: ChildProcess | undefined;
  // A test worker that exits without stop() must not leave clamd running.
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  async function start(): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null) return;
    // What a killed clamd left in its temporary directory is plaintext of an upload: emptied at
    // every start, as scripts/lib.sh and the deployment files do.
    fs.rmSync(temporaryDir, { recursive: true, force: true });
    fs.mkdirSync(temporaryDir, { mode: 0o700 });
    const proc = spawn(CLAMD, ['--foreground', `--config-file=${configFile}`], {
      // clamd can log a late line to a garbled relative path while it shuts down during a
      // reload: let that land in the temporary directory, not in the repository.
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (data: Buffer) => {
      stderr += data.toString();
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null) break;
      if (await ping(socketPath)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    proc.kill('SIGKILL');
    const log = fs.existsSync(path.join(dir, 'clamd.log'))
      ? fs.readFileSync(path.join(dir, 'clamd.log'), 'utf8').slice(-2000)
      : '';
    throw new Error(`clamd did not start:\n${stderr}\n${log}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    url: `unix://${socketPath}`,
    socketPath,
    databaseDir,
    temporaryDir,
    pid: () => child?.pid,
    stop,
    start,
    async dispose() {
      await stop();
      process.off('exit', killOnExit);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
