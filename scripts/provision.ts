/**
 * Creates what the services expect to exist: every contract topic with its DLQ, the services' Kafka
 * ACLs (when it signs in with SASL: the provisioning principal must be allowed to alter ACLs), and
 * the documents bucket. Idempotent. Reads the same variables as the services (KAFKA_*, S3_*).
 */
import { ALL_TOPICS } from '@poe/contracts';
import { createKafka, ensureAcls, ensureServiceTopics, kafkaClientFromEnv } from '@poe/platform';
import { Client } from 'minio';

export async function provision(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`provision: ${name} is not set`);
    return v;
  };
  const { brokers, auth } = kafkaClientFromEnv('provision', env);
  const kafka = createKafka('poe-provision', brokers, auth);
  await ensureServiceTopics(kafka, env.KAFKA_TOPIC_PREFIX ?? '', ALL_TOPICS);
  if (auth.sasl) {
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureAcls(admin);
    } finally {
      await admin.disconnect();
    }
  }

  const endpoint = new URL(need('S3_ENDPOINT'));
  const useSSL = endpoint.protocol === 'https:';
  const s3 = new Client({
    endPoint: endpoint.hostname,
    port: endpoint.port ? Number(endpoint.port) : useSSL ? 443 : 80,
    useSSL,
    region: env.S3_REGION ?? 'us-east-1',
    accessKey: need('S3_ACCESS_KEY'),
    secretKey: need('S3_SECRET_KEY'),
    pathStyle: true,
  });
  const bucket = need('S3_BUCKET');
  if (!(await s3.bucketExists(bucket))) await s3.makeBucket(bucket, env.S3_REGION ?? 'us-east-1');
}

if (require.main === module) {
  provision().then(
    () => console.log(`[provision] topics (${ALL_TOPICS.join(', ')} and their .dlq) and bucket are in place`),
    (e: Error) => {
      console.error(`[provision] failed: ${e.message}`);
      process.exit(1);
    },
  );
}
