/**
 * Infrastructure figures: start times, servers' memory, Kafka produce/consume, mongoose on FerretDB,
 * S3 PUT/GET. Throughput runs against the servers of .local/infra.env; the start-time run brings up a
 * second, throw-away set of servers on other ports so it disturbs nothing.
 */
import { createKafka, ensureTopics, kafkaClientFromEnv, mongooseOptions } from '@poe/platform';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
import mongoose, { Schema } from 'mongoose';
import { kafkaUserEnv, readInfraEnv, REPO_ROOT } from '../../test/support/infra-env';
import { elapsedMs, Figure, median, percentile, round, rssMiB } from './lib';

const env = { ...readInfraEnv(), ...process.env } as Record<string, string>;
// Benchmarks use the tests' Kafka principal, which may use `t.*` topics and groups only.
Object.assign(env, kafkaUserEnv('tests', env));

const rssOf = (pidFile: string): number => rssMiB(Number(readFileSync(pidFile, 'utf8').trim()));

async function startTimes(): Promise<Figure[]> {
  const local = mkdtempSync(join(tmpdir(), 'poe-bench-infra-'));
  const ports = {
    POE_KAFKA_PORT: '29092',
    POE_KAFKA_CONTROLLER_PORT: '29093',
    POE_MONGO_PORT: '27027',
    POE_MINIO_PORT: '29000',
    POE_MINIO_CONSOLE_PORT: '29001',
  };
  const run = (script: string) =>
    execFileSync('bash', [join(REPO_ROOT, 'scripts/infra', script)], {
      env: { ...process.env, ...ports, POE_LOCAL: local },
      stdio: 'pipe',
    });
  const figures: Figure[] = [];
  try {
    let t0 = process.hrtime.bigint();
    run('up.sh');
    figures.push({
      name: 'infra: first start, binaries cached (incl. Kafka storage format)',
      value: round(elapsedMs(t0) / 1000, 2),
      unit: 's',
    });
    for (const name of ['kafka', 'ferretdb', 'minio']) {
      figures.push({
        name: `infra: ${name} RSS after start`,
        value: round(rssOf(join(local, 'run', `${name}.pid`))),
        unit: 'MiB',
      });
    }
    run('down.sh');
    t0 = process.hrtime.bigint();
    run('up.sh');
    figures.push({ name: 'infra: warm start (data dirs exist)', value: round(elapsedMs(t0) / 1000, 2), unit: 's' });
  } finally {
    try {
      run('down.sh');
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  }
  return figures;
}

async function kafkaThroughput(): Promise<Figure[]> {
  const kafka = (({ brokers, auth }) => createKafka('bench-infra', brokers, auth))(
    kafkaClientFromEnv('bench:infra', env),
  );
  const topic = `t.bench-infra.${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, numPartitions: 3 }]);
  const total = 50_000;
  const value = randomBytes(512).toString('hex'); // 1 KiB
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let t0 = process.hrtime.bigint();
  const batch = 500;
  for (let i = 0; i < total; i += batch) {
    await producer.send({
      topic,
      acks: -1,
      messages: Array.from({ length: batch }, (_, j) => ({ key: `k${(i + j) % 97}`, value })),
    });
  }
  const produceSeconds = elapsedMs(t0) / 1000;
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${topic}.g` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  t0 = process.hrtime.bigint();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch: b }) => {
        seen += b.messages.length;
        if (seen >= total) resolve();
      },
    });
  });
  const consumeSeconds = elapsedMs(t0) / 1000;
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  return [
    {
      name: 'kafka: produce 1 KiB, acks=all, idempotent, batches of 500, 3 partitions',
      value: Math.round(total / produceSeconds),
      unit: 'msg/s',
    },
    {
      name: 'kafka: consume 1 KiB (consumer group, from start)',
      value: Math.round(total / consumeSeconds),
      unit: 'msg/s',
      note: 'includes group join',
    },
  ];
}

async function mongooseThroughput(): Promise<Figure[]> {
  const conn = await mongoose.createConnection(env.MONGO_URL, mongooseOptions(`bench_infra_${Date.now()}`)).asPromise();
  const Model = conn.model('Item', new Schema({ _id: String, name: String, amountMinor: Number, tags: [String] }));
  const total = 5_000;
  const concurrency = 16;
  const run = async (op: (i: number) => Promise<unknown>) => {
    let next = 0;
    const latencies: number[] = [];
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++;
          const s = process.hrtime.bigint();
          await op(i);
          latencies.push(elapsedMs(s));
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    return { perSecond: total / (elapsedMs(t0) / 1000), p99: percentile(latencies, 99) };
  };
  const inserts = await run((i) =>
    Model.create({ _id: `item-${i}`, name: `Item ${i}`, amountMinor: i * 100, tags: ['a', 'b'] }),
  );
  const finds = await run((i) => Model.findById(`item-${(i * 7919) % total}`).lean());
  await conn.dropDatabase();
  await conn.close();
  return [
    {
      name: `ferretdb: mongoose insertOne, concurrency ${concurrency}`,
      value: Math.round(inserts.perSecond),
      unit: 'ops/s',
      note: `p99 ${round(inserts.p99)} ms`,
    },
    {
      name: `ferretdb: mongoose findById, concurrency ${concurrency}`,
      value: Math.round(finds.perSecond),
      unit: 'ops/s',
      note: `p99 ${round(finds.p99)} ms`,
    },
  ];
}

async function s3Throughput(): Promise<Figure[]> {
  const u = new URL(env.S3_ENDPOINT);
  const s3 = new Client({
    endPoint: u.hostname,
    port: Number(u.port),
    useSSL: false,
    accessKey: env.S3_ACCESS_KEY,
    secretKey: env.S3_SECRET_KEY,
    region: env.S3_REGION,
    pathStyle: true,
  });
  if (!(await s3.bucketExists(env.S3_BUCKET))) await s3.makeBucket(env.S3_BUCKET, env.S3_REGION);
  const body = randomBytes(50 * 1024 * 1024);
  const puts: number[] = [];
  const gets: number[] = [];
  for (let i = 0; i < 3; i++) {
    const key = `bench/infra-${Date.now()}-${i}`;
    let t0 = process.hrtime.bigint();
    await s3.putObject(env.S3_BUCKET, key, body, body.length);
    puts.push(50 / (elapsedMs(t0) / 1000));
    t0 = process.hrtime.bigint();
    const stream = await s3.getObject(env.S3_BUCKET, key);
    for await (const _chunk of stream) void _chunk;
    gets.push(50 / (elapsedMs(t0) / 1000));
    await s3.removeObject(env.S3_BUCKET, key);
  }
  return [
    { name: 'minio: S3 PUT of a 50 MB object (median of 3)', value: round(median(puts)), unit: 'MB/s' },
    { name: 'minio: S3 GET of a 50 MB object (median of 3)', value: round(median(gets)), unit: 'MB/s' },
  ];
}

export async function run(): Promise<Figure[]> {
  return [
    ...(await startTimes()),
    ...(await kafkaThroughput()),
    ...(await mongooseThroughput()),
    ...(await s3Throughput()),
  ];
}

if (require.main === module) {
  run().then(
    (figures) => {
      for (const f of figures)
        console.log(`${f.name.padEnd(78)} ${String(f.value).padStart(10)} ${f.unit}${f.note ? `  (${f.note})` : ''}`);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
