import { testNamespace } from '@poe/testing';
import { Client } from 'minio';

/**
 * Issue #13: the documents service's object-store key (S3_ACCESS_KEY, made by scripts/infra/up.sh
 * with infra/minio/admin) is limited to its bucket and key prefixes. It is not the root's, it does
 * its own work, and it cannot touch another bucket or another prefix of its own bucket. The root
 * credentials (MINIO_ROOT_USER) are what makes the other bucket and the foreign object.
 */

const env = process.env;
const ns = testNamespace(__filename);
const endpoint = new URL(env.S3_ENDPOINT ?? 'http://127.0.0.1:9000');
const clientOf = (accessKey: string, secretKey: string) =>
  new Client({
    endPoint: endpoint.hostname,
    port: Number(endpoint.port) || 80,
    useSSL: endpoint.protocol === 'https:',
    region: env.S3_REGION ?? 'us-east-1',
    accessKey,
    secretKey,
    pathStyle: true,
  });

// The root's keys exist only for the local servers; against external ones there is nothing to compare with.
const withRoot = env.MINIO_ROOT_USER ? test : test.skip;
const documents = () => clientOf(env.S3_ACCESS_KEY!, env.S3_SECRET_KEY!);
const root = () => clientOf(env.MINIO_ROOT_USER!, env.MINIO_ROOT_PASSWORD!);
const bucket = env.S3_BUCKET ?? 'poe-documents';
const otherBucket = `poe-other-${ns.id.replace(/_/g, '-').slice(-20)}`;

async function refusal(op: () => Promise<unknown>): Promise<string> {
  try {
    await op();
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
  return 'allowed';
}

afterAll(async () => {
  if (!env.MINIO_ROOT_USER) return;
  const r = root();
  if (await r.bucketExists(otherBucket)) {
    await r.removeObject(otherBucket, 'secret.txt').catch(() => undefined);
    await r.removeBucket(otherBucket);
  }
  await r.removeObject(bucket, `elsewhere/${ns.id}.txt`).catch(() => undefined);
});

withRoot('documentsKey_isNotTheRoot_andWorksUnderItsPrefix', async () => {
  expect(env.S3_ACCESS_KEY).not.toBe(env.MINIO_ROOT_USER);
  const s3 = documents();
  const key = `${ns.keyPrefix}probe.txt`;
  await s3.putObject(bucket, key, Buffer.from('mine'), 4);
  expect((await s3.statObject(bucket, key)).size).toBe(4);
  const names: string[] = [];
  for await (const o of s3.listObjectsV2(bucket, ns.keyPrefix, true) as AsyncIterable<{ name: string }>)
    names.push(o.name);
  expect(names).toEqual([key]);
  await s3.removeObject(bucket, key);
});

withRoot('documentsKey_seesOnlyItsBucket_cannotMakeBuckets_orTouchAnotherBucket', async () => {
  const r = root();
  await r.makeBucket(otherBucket, env.S3_REGION ?? 'us-east-1');
  await r.putObject(otherBucket, 'secret.txt', Buffer.from('not yours'), 9);
  const s3 = documents();
  // MinIO answers a listing with the buckets the key may use, not with a refusal.
  expect((await s3.listBuckets()).map((b) => b.name)).toEqual([bucket]);
  expect((await r.listBuckets()).map((b) => b.name)).toContain(otherBucket);
  expect(await refusal(() => s3.makeBucket(`${otherBucket}-2`, 'us-east-1'))).toBe('AccessDenied');
  expect(await refusal(() => s3.getObject(otherBucket, 'secret.txt'))).toBe('AccessDenied');
  expect(await refusal(() => s3.statObject(otherBucket, 'secret.txt'))).not.toBe('allowed');
  expect(await refusal(() => s3.putObject(otherBucket, 'planted.txt', Buffer.from('x'), 1))).toBe('AccessDenied');
  expect(await refusal(() => s3.removeObject(otherBucket, 'secret.txt'))).toBe('AccessDenied');
  expect(await refusal(() => s3.removeBucket(otherBucket))).toBe('AccessDenied');
  // Still there, unchanged: the root reads it back.
  expect((await r.statObject(otherBucket, 'secret.txt')).size).toBe(9);
});

withRoot('documentsKey_cannotUseAPrefixOfItsBucketOutsideItsOwn', async () => {
  const key = `elsewhere/${ns.id}.txt`;
  await root().putObject(bucket, key, Buffer.from('other'), 5);
  const s3 = documents();
  expect(await refusal(() => s3.getObject(bucket, key))).toBe('AccessDenied');
  expect(await refusal(() => s3.putObject(bucket, `elsewhere/${ns.id}-2.txt`, Buffer.from('x'), 1))).toBe(
    'AccessDenied',
  );
  expect(await refusal(() => s3.removeObject(bucket, key))).toBe('AccessDenied');
});
