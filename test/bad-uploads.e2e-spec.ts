import { Client as MinioClient } from 'minio';
import { MongoClient } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { BAD_UPLOADS, BadUpload, GOOD_NAMES, goodDocx, pdfPrefix, UPLOAD_LIMIT_BYTES } from './e2e/bad-uploads-corpus';
import { ApiClient, eventually, expectStatus, smallPdf } from './e2e/client';
import { bootStack, Stack } from './e2e/stack';

/**
 * Issue #7, bad uploads: every case of the corpus gets a clear 4xx naming the field and the rule,
 * leaves nothing behind (no record in the documents database, no object and no unfinished
 * multipart upload in the bucket) and the service stays healthy: ready, and the next good upload
 * is accepted. Also a file over the limit sent slowly, and a client that hangs up mid-upload.
 */

let stack: Stack;
let api: ApiClient;
let mongo: MongoClient;
let minio: MinioClient;
/** Documents the suite meant to store; anything else in the database or bucket is a leak. */
const accepted = new Set<string>();
/** Leaks already reported by an earlier case: each case is judged on what it left itself. */
const reported = new Set<string>();

const BOUNDARY = `----poe-corpus-${randomBytes(8).toString('hex')}`;

/**
 * A multipart body built byte by byte (FormData would escape or refuse some of the names): `kind`
 * first, then the file part. The plain filename is escaped the way browsers do (", CR, LF).
 */
function multipartParts(c: Pick<BadUpload, 'fileName' | 'extendedFileName' | 'contentType'>) {
  const name = c.extendedFileName
    ? `filename*=UTF-8''${encodeURIComponent(c.fileName)}`
    : `filename="${c.fileName.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ninvoice\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; ${name}\r\nContent-Type: ${c.contentType}\r\n\r\n`,
    'utf8',
  );
  return { head, end: Buffer.from(`\r\n--${BOUNDARY}--\r\n`) };
}

const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

async function token() {
  return `Bearer ${await api.token('bob')}`;
}

async function post(body: Buffer | ReadableStream<Uint8Array>, signal?: AbortSignal) {
  const res = await fetch(`${stack.gateway}/api/v1/documents`, {
    method: 'POST',
    headers: { authorization: await token(), 'content-type': MULTIPART },
    body,
    signal,
    // Needed for a stream body; the request stays open while the answer may already come back.
    ...(body instanceof Buffer ? {} : { duplex: 'half' }),
  } as RequestInit);
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: parsed, text };
}

/** What the documents service has in its database and under its key prefix in the bucket. */
async function storedState() {
  const records = await mongo
    .db(`${stack.ns.dbName}_documents`)
    .collection('documents')
    .find({}, { projection: { _id: 1, status: 1 } })
    .toArray();
  const bucket = process.env.S3_BUCKET!;
  const objects: string[] = [];
  for await (const o of minio.listObjectsV2(bucket, stack.ns.keyPrefix, true) as AsyncIterable<{ name?: string }>)
    if (o.name) objects.push(o.name.slice(stack.ns.keyPrefix.length));
  const incomplete: string[] = [];
  for await (const u of minio.listIncompleteUploads(bucket, stack.ns.keyPrefix, true) as AsyncIterable<{
    key: string;
  }>)
    incomplete.push(u.key);
  return {
    records: records.map((r) => `${r._id}:${r.status}`).sort(),
    objects: objects.sort(),
    incomplete,
  };
}

const NOTHING = { records: [] as string[], objects: [] as string[], incomplete: [] as string[] };

/**
 * What is stored beyond the accepted documents, once any roll-back in flight has finished (waits up
 * to 5 s for it to be nothing). Reported leaks are remembered so the next case is judged alone.
 */
async function leftovers(): Promise<typeof NOTHING> {
  const leaks = (s: Awaited<ReturnType<typeof storedState>>) => ({
    records: s.records.filter((r) => !accepted.has(r.replace(/:stored$/, '')) && !reported.has(r)),
    objects: s.objects.filter((o) => !accepted.has(o.replace(/^docs\//, '')) && !reported.has(o)),
    incomplete: s.incomplete.filter((u) => !reported.has(u)),
  });
  let last = NOTHING;
  await eventually(
    'nothing stored',
    async () => {
      last = leaks(await storedState());
      return JSON.stringify(last) === JSON.stringify(NOTHING) ? true : undefined;
    },
    5000,
  ).catch(() => undefined);
  for (const leak of [...last.records, ...last.objects, ...last.incomplete]) reported.add(leak);
  return last;
}

/** Ready (service and gateway), and a good upload right after is accepted. */
async function expectHealthy() {
  expect((await fetch(`${stack.services.documents}/ready`)).status).toBe(200);
  expect((await fetch(`${stack.gateway}/ready`)).status).toBe(200);
  const good = expectStatus(
    await api.upload('bob', 'invoice', smallPdf(`after ${randomBytes(4).toString('hex')}`), 'invoice.pdf'),
    201,
  );
  accepted.add(good.body.id);
}

beforeAll(async () => {
  // serviceEnv copies process.env: the stack's documents service gets the corpus's limit.
  const before = process.env.UPLOAD_MAX_BYTES;
  process.env.UPLOAD_MAX_BYTES = String(UPLOAD_LIMIT_BYTES);
  try {
    stack = await bootStack(__filename);
  } finally {
    if (before === undefined) delete process.env.UPLOAD_MAX_BYTES;
    else process.env.UPLOAD_MAX_BYTES = before;
  }
  api = new ApiClient(stack.gateway);
  mongo = await MongoClient.connect(process.env.MONGO_URL!);
  const s3 = new URL(process.env.S3_ENDPOINT!);
  minio = new MinioClient({
    endPoint: s3.hostname,
    port: Number(s3.port || 80),
    useSSL: s3.protocol === 'https:',
    accessKey: process.env.S3_ACCESS_KEY!,
    secretKey: process.env.S3_SECRET_KEY!,
    region: process.env.S3_REGION ?? 'us-east-1',
    pathStyle: true,
  });
}, 120_000);

afterAll(async () => {
  await mongo?.close();
  await stack?.close();
});

describe('bad uploads corpus', () => {
  test('controls_goodFilesOfEachKind_areAccepted', async () => {
    for (const [bytes, name, type] of [
      [smallPdf('control'), 'invoice.pdf', 'application/pdf'],
      [goodDocx(), 'report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ] as const) {
      const { head, end } = multipartParts({ fileName: name, contentType: type });
      const r = await post(Buffer.concat([head, bytes, end]));
      expect({ status: r.status, body: r.body }).toMatchObject({ status: 201, body: { fileName: name } });
      accepted.add(r.body.id);
    }
    expect(await leftovers()).toEqual(NOTHING);
  });

  test.each(BAD_UPLOADS.map((c) => [c.name, c] as const))('%s_isRefusedAndLeavesNothing', async (_name, c) => {
    const { head, end } = multipartParts(c);
    const body = Buffer.concat([head, c.bytes(), c.framing === 'unterminated' ? Buffer.alloc(0) : end]);
    const r = await post(body);
    const { expected } = c;
    const violation = (r.body?.errors ?? []).find((e: { field: string }) => e.field === expected.field);
    // One comparison, so a failure shows the whole outcome of the case at once.
    expect({
      case: c.name,
      status: r.status,
      type: r.type,
      code: r.body?.code,
      violation: violation && { field: violation.field, rule: violation.rule },
      leftovers: await leftovers(),
    }).toEqual({
      case: c.name,
      status: expected.status,
      type: expect.stringContaining('application/problem+json'),
      code: expected.code,
      violation: { field: expected.field, rule: expected.rule },
      leftovers: NOTHING,
    });
    await expectHealthy();
  });

  test('goodNames_areStoredAsGivenWithQuotingCharactersReplaced', async () => {
    for (const n of GOOD_NAMES) {
      const { head, end } = multipartParts({ fileName: n.fileName, contentType: 'application/pdf' });
      const r = await post(Buffer.concat([head, smallPdf(n.fileName), end]));
      expect({ status: r.status, fileName: r.body?.fileName }).toEqual({ status: 201, fileName: n.stored });
      accepted.add(r.body.id);
    }
    expect(await leftovers()).toEqual(NOTHING);
  });
});

describe('slow and interrupted uploads', () => {
  /** A body that sends the file `chunk` bytes every `everyMs`, up to `total` bytes, counting what left. */
  function dribble(total: number, chunk: number, everyMs: number) {
    const { head } = multipartParts({ fileName: 'big.pdf', contentType: 'application/pdf' });
    const progress = { fileBytes: 0, crossedLimitAt: 0, finished: false, stop: false };
    let first = true;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (first) {
          first = false;
          controller.enqueue(Buffer.concat([head, pdfPrefix()]));
          progress.fileBytes = pdfPrefix().length;
          return;
        }
        await new Promise((r) => setTimeout(r, everyMs));
        if (progress.stop) return controller.close();
        if (progress.fileBytes >= total) {
          progress.finished = true;
          controller.close();
          return;
        }
        controller.enqueue(Buffer.alloc(chunk, 0x41));
        progress.fileBytes += chunk;
        if (!progress.crossedLimitAt && progress.fileBytes > UPLOAD_LIMIT_BYTES) progress.crossedLimitAt = Date.now();
      },
    });
    return { stream, progress };
  }

  test('oversizedFile_sentSlowly_is413SoonAfterTheLimitNotAfterTheClientFinishes', async () => {
    // 64 KiB every 20 ms: the 2 MiB limit is crossed after ~0.7 s; all 16 MiB would take ~5 s.
    const { stream, progress } = dribble(16 * 1024 * 1024, 64 * 1024, 20);
    const started = Date.now();
    const r = await post(stream, AbortSignal.timeout(15_000));
    const answeredAt = Date.now();
    // The client stops once it has its answer (the body simply ends; the service is discarding it).
    progress.stop = true;
    expect({ status: r.status, code: r.body?.code, rule: r.body?.errors?.[0]?.rule }).toEqual({
      status: 413,
      code: 'DOCUMENT.TOO_LARGE',
      rule: 'maxBytes',
    });
    expect(progress.crossedLimitAt).toBeGreaterThan(0);
    expect(progress.finished).toBe(false);
    // Promptly: well under the ~4 s the rest of the body would have taken.
    expect(answeredAt - progress.crossedLimitAt).toBeLessThan(2000);
    expect(answeredAt - started).toBeLessThan(4000);
    expect(await leftovers()).toEqual(NOTHING);
    await expectHealthy();
  }, 30_000);

  test('clientAbortingMidUpload_leavesNothingAndTheServiceHealthy', async () => {
    // Past one 5 MiB part would need a bigger limit; 1.5 MiB keeps a part buffer filling when it stops.
    const { stream, progress } = dribble(UPLOAD_LIMIT_BYTES - 1024, 64 * 1024, 10);
    const abort = new AbortController();
    const sending = post(stream, abort.signal).catch((e: Error) => e);
    await eventually('half the file sent', async () => (progress.fileBytes > 1_500_000 ? true : undefined), 10_000);
    abort.abort();
    const outcome = await sending;
    expect(outcome).toMatchObject({ name: 'AbortError' });
    expect(progress.finished).toBe(false);
    expect(await leftovers()).toEqual(NOTHING);
    await expectHealthy();
  }, 30_000);
});
