/**
 * Documents service figures: a 50 MB upload through the service vs a direct S3 PUT of the same
 * bytes, a download through the service's presigned link vs a direct S3 GET, and the service's
 * RSS growth during 10 concurrent 50 MB uploads. The service runs in a child process (so its RSS
 * is its own) on an isolated database, topic prefix and key prefix; everything is removed after.
 */
import { signIdentity } from '@poe/platform';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, rmSync, writeFileSync } from 'node:fs';
import { get, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
import { MongoClient } from 'mongodb';
import { kafkaUserEnv, readInfraEnv } from '../../test/support/infra-env';
import { elapsedMs, Figure, freePort, median, round, rssMiB, startServiceProcess, waitReady } from './lib';

const MB = 1024 * 1024;
const FILE_BYTES = 50 * MB;
const ROUNDS = 5;
const CONCURRENT = 10;

/** A valid PDF of `size` bytes: header, one long comment as padding, trailer and %%EOF. */
function writePdf(path: string, size: number): void {
  const head = Buffer.from(
    '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n%',
  );
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R /Size 3 >>\nstartxref\n0\n%%EOF\n');
  const padding = randomBytes(size - head.length - tail.length).map((b) => (b === 0x0a || b === 0x0d ? 0x20 : b));
  writeFileSync(path, Buffer.concat([head, padding, tail]));
}

export async function run(): Promise<Figure[]> {
  const env = { ...readInfraEnv(), ...process.env } as Record<string, string>;
  // Benchmarks use the tests' Kafka principal, which may use `t.*` topics and groups only.
  Object.assign(env, kafkaUserEnv('tests', env));
  const id = `bench_documents_${Date.now().toString(36)}`;
  const keyPrefix = `bench/${id}/`;
  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const file = join(tmpdir(), `${id}.pdf`);
  const endpoint = new URL(env.S3_ENDPOINT);
  const s3 = new Client({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port),
    useSSL: endpoint.protocol === 'https:',
    region: env.S3_REGION,
    accessKey: env.S3_ACCESS_KEY,
    secretKey: env.S3_SECRET_KEY,
    pathStyle: true,
  });
  const headers = {
    'x-poe-identity': signIdentity(
      { subject: 'bench', roles: ['incentives-user'], partnerId: 'PRT-BENCH' },
      secret,
      600,
    ),
  };

  writePdf(file, FILE_BYTES);
  const child = startServiceProcess('documents', {
    ...env,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    MONGO_DB: `t_${id}`,
    KAFKA_TOPIC_PREFIX: `t.${id}.`,
    KAFKA_GROUP_ID: `t.${id}.service`,
    S3_KEY_PREFIX: keyPrefix,
    INTERNAL_AUTH_SECRET: secret,
    UPLOAD_MAX_BYTES: String(64 * MB),
    MAINTENANCE_INTERVAL_SECONDS: '0',
  });
  const figures: Figure[] = [];
  try {
    await waitReady(url, child, 'documents service');
    // Plain node:http on both sides (service and direct S3), so the client library is not what differs.
    const upload = () =>
      new Promise<{ id: string; sha256: string }>((resolve, reject) => {
        const boundary = `bench${randomBytes(8).toString('hex')}`;
        const head = Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvoice\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        );
        const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
        const req = request(
          `${url}/documents`,
          {
            method: 'POST',
            headers: {
              ...headers,
              'content-type': `multipart/form-data; boundary=${boundary}`,
              'content-length': head.length + FILE_BYTES + tail.length,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const body = Buffer.concat(chunks).toString();
              if (res.statusCode !== 201) reject(new Error(`upload answered ${res.statusCode}: ${body}`));
              else resolve(JSON.parse(body));
            });
          },
        );
        req.on('error', reject);
        req.write(head);
        const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
        stream.pipe(req, { end: false });
        stream.on('end', () => req.end(tail));
        stream.on('error', reject);
      });
    const httpGet = (target: string) =>
      new Promise<AsyncIterable<Uint8Array>>((resolve, reject) => {
        get(target, (res) =>
          res.statusCode === 200 ? resolve(res) : reject(new Error(`GET answered ${res.statusCode}`)),
        ).on('error', reject);
      });
    const drain = async (body: AsyncIterable<Uint8Array>) => {
      const h = createHash('sha256');
      for await (const c of body) h.update(c);
      return h.digest('hex');
    };

    // Warm-up: code paths, connections, the first part buffer.
    const warm = await upload();
    await s3.putObject(env.S3_BUCKET, `${keyPrefix}direct-warm`, createReadStream(file), FILE_BYTES);

    const viaService: number[] = [];
    const direct: number[] = [];
    const downloadsViaLink: number[] = [];
    const downloadsDirect: number[] = [];
    const linkRequests: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let t0 = process.hrtime.bigint();
      const doc = await upload();
      viaService.push(elapsedMs(t0));
      t0 = process.hrtime.bigint();
      await s3.putObject(env.S3_BUCKET, `${keyPrefix}direct-${i}`, createReadStream(file), FILE_BYTES, {
        'Content-Type': 'application/pdf',
      });
      direct.push(elapsedMs(t0));

      t0 = process.hrtime.bigint();
      const link = (await (await fetch(`${url}/documents/${doc.id}/download-link`, { headers })).json()) as {
        url: string;
      };
      linkRequests.push(elapsedMs(t0));
      // Alternate which GET goes first so neither always finds the store's caches warm.
      const viaLink = async () => {
        const t = process.hrtime.bigint();
        const got = await drain(await httpGet(link.url));
        downloadsViaLink.push(elapsedMs(t));
        if (got !== doc.sha256) throw new Error('download through the link does not match the upload');
      };
      const directGet = async () => {
        const t = process.hrtime.bigint();
        await drain(await s3.getObject(env.S3_BUCKET, `${keyPrefix}direct-${i}`));
        downloadsDirect.push(elapsedMs(t));
      };
      if (i % 2 === 0) {
        await viaLink();
        await directGet();
      } else {
        await directGet();
        await viaLink();
      }
    }
    const mbps = (msValue: number) => round(FILE_BYTES / MB / (msValue / 1000), 1);
    const up = median(viaService);
    const upDirect = median(direct);
    const down = median(downloadsViaLink);
    const downDirect = median(downloadsDirect);
    figures.push(
      {
        name: 'documents: 50 MB upload through the service',
        value: mbps(up),
        unit: 'MB/s',
        note: `median of ${ROUNDS}, ${round(up)} ms`,
      },
      {
        name: 'documents: 50 MB direct S3 PUT (same bytes)',
        value: mbps(upDirect),
        unit: 'MB/s',
        note: `median of ${ROUNDS}, ${round(upDirect)} ms`,
      },
      {
        name: 'documents: upload throughput ratio service/direct',
        value: round(upDirect / up, 2),
        unit: 'ratio',
        aim: '>= 0.8',
      },
      {
        name: 'documents: download-link request (service signs a GET)',
        value: round(median(linkRequests), 1),
        unit: 'ms',
        note: `median of ${ROUNDS}`,
      },
      {
        name: 'documents: 50 MB GET via the presigned link',
        value: mbps(down),
        unit: 'MB/s',
        note: `median of ${ROUNDS}`,
      },
      { name: 'documents: 50 MB direct S3 GET', value: mbps(downDirect), unit: 'MB/s', note: `median of ${ROUNDS}` },
      {
        name: 'documents: download throughput ratio link/direct',
        value: round(downDirect / down, 2),
        unit: 'ratio',
        aim: '>= 0.8',
      },
    );

    // RSS of the service alone while 10 uploads of 50 MB run at once.
    const pid = child.pid!;
    const before = rssMiB(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), 25);
    const t0 = process.hrtime.bigint();
    await Promise.all(Array.from({ length: CONCURRENT }, () => upload()));
    const burstMs = elapsedMs(t0);
    clearInterval(sampler);
    peak = Math.max(peak, rssMiB(pid));
    figures.push(
      {
        name: `documents: RSS growth during ${CONCURRENT} concurrent 50 MB uploads`,
        value: round(peak - before),
        unit: 'MiB',
        aim: '<= 64',
        note: `RSS ${round(before)} -> peak ${round(peak)} MiB`,
      },
      {
        name: `documents: ${CONCURRENT} concurrent 50 MB uploads, aggregate`,
        value: mbps(burstMs / CONCURRENT),
        unit: 'MB/s',
        note: `${round(burstMs)} ms in all`,
      },
    );
    void warm;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
    rmSync(file, { force: true });
    const keys: string[] = [];
    for await (const o of s3.listObjectsV2(env.S3_BUCKET, keyPrefix, true) as AsyncIterable<{ name?: string }>)
      if (o.name) keys.push(o.name);
    if (keys.length) await s3.removeObjects(env.S3_BUCKET, keys);
    const mongo = new MongoClient(env.MONGO_URL);
    await mongo.connect();
    await mongo
      .db(`t_${id}`)
      .dropDatabase()
      .catch(() => undefined);
    await mongo.close();
  }
  return figures;
}

if (require.main === module) {
  const t0 = Date.now();
  run().then(
    (figures) => {
      for (const f of figures)
        console.log(
          `${f.name.padEnd(60)} ${String(f.value).padStart(8)} ${f.unit.padEnd(6)} ${f.aim ?? ''} ${f.note ? `(${f.note})` : ''}`,
        );
      console.log(`(${round((Date.now() - t0) / 1000)} s)`);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
