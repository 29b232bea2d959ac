import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kafkaUserEnv, readInfraEnv } from '../../test/support/infra-env';
import { freePort } from '../bench/lib';

/**
 * The system the fault suite breaks: its own Kafka, FerretDB and MinIO (own ports and data under
 * `.local/faults`, so the developer's servers and other test runs are untouched) and the services
 * as child processes (several instances of claims, documents and review, one gateway in front)
 * that can be killed with SIGKILL and started again on the same port.
 */

export const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** `mongo` is the MongoDB-API server the services use (SecantusDB by default, docs/database.md). */
export type ServerName = 'kafka' | 'mongo' | 'minio';
export type ServiceName = 'claims' | 'documents' | 'review' | 'gateway';
/** The services the gateway calls; each can run as several instances. */
export const BACKENDS = ['claims', 'documents', 'review'] as const;

export interface InfraPorts {
  kafka: number;
  kafkaController: number;
  mongo: number;
  minio: number;
  minioConsole: number;
}

export class Infra {
  readonly local = join(ROOT, '.local', 'faults');
  constructor(readonly ports: InfraPorts) {}

  private get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      POE_LOCAL: this.local,
      POE_KAFKA_PORT: String(this.ports.kafka),
      POE_KAFKA_CONTROLLER_PORT: String(this.ports.kafkaController),
      POE_MONGO_PORT: String(this.ports.mongo),
      POE_MINIO_PORT: String(this.ports.minio),
      POE_MINIO_CONSOLE_PORT: String(this.ports.minioConsole),
    };
  }

  private async script(name: 'up' | 'down', args: string[] = []): Promise<void> {
    await run('bash', [join(ROOT, 'scripts', 'infra', `${name}.sh`), ...args], {
      env: this.env,
      maxBuffer: 16 << 20,
    });
  }

  /** Starts from empty data directories, so every run checks only what it wrote itself. */
  async fresh(): Promise<void> {
    killLeftoverServices(join(this.local, 'run'));
    await this.script('down').catch(() => undefined);
    rmSync(this.local, { recursive: true, force: true });
    await this.script('up');
  }

  /** up.sh starts whichever server is not running and waits until all answer. */
  up = () => this.script('up');
  stop = (server: ServerName) => this.script('down', [server]);
  /** SIGKILL, as a crash or an OOM kill would: no shutdown, nothing flushed but what was synced. */
  kill9 = (server: ServerName) => {
    const pid = Number(readFileSync(join(this.local, 'run', `${server}.pid`), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
  };
  down = () => this.script('down');

  /** The variables of `.local/faults/infra.env` (broker, Mongo URL, S3 endpoint and keys). */
  settings(): Record<string, string> {
    const file = join(this.local, 'infra.env');
    const settings = readInfraEnv(file);
    if (!settings.KAFKA_BROKERS) throw new Error(`${file} is missing: the servers were not started`);
    return settings;
  }
}

/**
 * Services a previous run left behind (its process was killed before it could stop them) would
 * keep writing to the fresh servers; they are found by their pid files and command line.
 */
function killLeftoverServices(runDir: string): void {
  if (!existsSync(runDir)) return;
  for (const entry of readdirSync(runDir)) {
    const m = /^service-((claims|documents|review|gateway)(-\d+)?)\.pid$/.exec(entry);
    if (!m) continue;
    const pid = Number(readFileSync(join(runDir, entry), 'utf8'));
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(join('dist', 'apps', m[2])))
        process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

export interface ServiceProc {
  /** The instance: `claims`, `claims-2`, ... (the first one keeps the service's name), `gateway`. */
  name: string;
  service: ServiceName;
  port: number;
  url: string;
  child?: ChildProcess;
  starts: number;
  /** Set before the suite stops or kills it, so that exit is not taken for a crash. */
  stopping?: boolean;
}

/**
 * The services as built (`dist`), `instances` of each backend and one gateway, each instance with
 * its own log under `.local/faults/logs`.
 */
export class Services {
  readonly procs = new Map<string, ServiceProc>();
  /** Exits the suite did not cause, each answered by a restart. */
  readonly unplannedExits: string[] = [];
  /** Made per run: the key the gateway signs caller identities with. */
  readonly secret = randomBytes(32).toString('hex');
  private readonly logDir: string;
  private readonly runDir: string;

  constructor(
    private readonly infra: Infra,
    private readonly extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
    readonly instances = 1,
  ) {
    this.logDir = join(infra.local, 'logs');
    this.runDir = join(infra.local, 'run');
  }

  async allocatePorts(): Promise<void> {
    const add = async (service: ServiceName, name: string) => {
      const port = await freePort();
      this.procs.set(name, { name, service, port, url: `http://127.0.0.1:${port}`, starts: 0 });
    };
    for (let i = 1; i <= this.instances; i++) {
      for (const service of BACKENDS) await add(service, i === 1 ? service : `${service}-${i}`);
    }
    await add('gateway', 'gateway');
  }

  /** An instance by name (`claims` is the first instance of claims). */
  get(name: string): ServiceProc {
    const p = this.procs.get(name);
    if (!p) throw new Error(`unknown service ${name}`);
    return p;
  }

  instancesOf(service: ServiceName): ServiceProc[] {
    return [...this.procs.values()].filter((p) => p.service === service);
  }

  private envOf(p: ServiceProc): NodeJS.ProcessEnv {
    const s = this.infra.settings();
    const base: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(p.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      INTERNAL_AUTH_SECRET: this.secret,
      KAFKA_BROKERS: s.KAFKA_BROKERS,
      MONGO_URL: s.MONGO_URL,
      S3_ENDPOINT: s.S3_ENDPOINT,
      S3_REGION: s.S3_REGION,
      S3_ACCESS_KEY: s.S3_ACCESS_KEY,
      S3_SECRET_KEY: s.S3_SECRET_KEY,
      S3_BUCKET: s.S3_BUCKET,
    };
    // Each service signs in to Kafka as its own principal (its ACLs: libs/platform/src/kafka-acls.ts).
    if (p.service !== 'gateway') Object.assign(base, kafkaUserEnv(p.service, s));
    if (p.service === 'gateway') {
      const urls = (service: ServiceName) =>
        this.instancesOf(service)
          .map((i) => i.url)
          .join(',');
      Object.assign(base, {
        CLAIMS_URL: urls('claims'),
        DOCUMENTS_URL: urls('documents'),
        REVIEW_URL: urls('review'),
        AUTH_MODE: 'dev',
        DEMO_USERS_FILE: join(ROOT, 'demo', 'users.json'),
      });
    }
    return { ...base, ...(this.extraEnv[p.service] ?? {}) };
  }

  start(name: string): void {
    const p = this.get(name);
    mkdirSync(this.logDir, { recursive: true });
    const log = openSync(join(this.logDir, `${name}.log`), 'a');
    const main = join(ROOT, 'dist', 'apps', p.service, 'src', 'main.js');
    const child = spawn(process.execPath, [main], { cwd: ROOT, env: this.envOf(p), stdio: ['ignore', log, log] });
    p.child = child;
    p.stopping = false;
    closeSync(log);
    // Like systemd or Kubernetes would: a service that exits on its own is started again.
    child.once('exit', (code, signal) => {
      if (p.stopping || p.child !== child) return;
      this.unplannedExits.push(`${name} exited (${signal ?? `code ${code}`})`);
      setTimeout(() => this.start(name), 1000);
    });
    p.starts++;
    mkdirSync(this.runDir, { recursive: true });
    writeFileSync(join(this.runDir, `service-${name}.pid`), `${p.child.pid}\n`);
  }

  /** Last resort when the suite itself dies: no service of this run outlives it. */
  killAllNow(): void {
    for (const p of this.procs.values()) {
      p.stopping = true;
      if (p.child && p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  }

  /** SIGKILL: no shutdown hook runs, in-flight requests and unflushed work are cut off. */
  async kill9(name: string): Promise<void> {
    const p = this.get(name);
    const child = p.child;
    if (!child || child.exitCode !== null) return;
    p.stopping = true;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async waitReady(name: string, timeoutMs = 90_000): Promise<number> {
    const p = this.get(name);
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      // An exit the suite did not cause is answered by a restart (above): wait for that process.
      if (p.child && p.child.exitCode !== null && p.stopping) {
        throw new Error(`${name} exited with ${p.child.exitCode}; see ${join(this.logDir, name + '.log')}`);
      }
      try {
        if ((await fetch(`${p.url}/ready`, { signal: AbortSignal.timeout(2000) })).ok) return Date.now() - t0;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`${name} not ready after ${timeoutMs} ms; see ${join(this.logDir, name + '.log')}`);
  }

  async waitAllReady(timeoutMs = 120_000): Promise<void> {
    for (const name of this.procs.keys()) await this.waitReady(name, timeoutMs);
  }

  async stopAll(): Promise<void> {
    for (const p of this.procs.values()) {
      p.stopping = true;
      if (!p.child || p.child.exitCode !== null) continue;
      const exited = new Promise((r) => p.child!.once('exit', r));
      p.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  }
}
