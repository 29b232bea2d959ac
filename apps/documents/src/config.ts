import { backendServiceVars, int, parseEnv, str, url } from '@poe/platform';

/** The only place the documents service reads process.env. */
export const loadDocumentsConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parseEnv(
    'documents',
    {
      ...backendServiceVars({ port: 3002, mongoDb: 'poe_documents', kafkaClientId: 'poe-documents' }),
      // Any S3-compatible endpoint works: MinIO, Ceph RGW, AWS S3 (https://s3.<region>.amazonaws.com).
      S3_ENDPOINT: url({ protocols: ['http', 'https'], describe: 'S3 API endpoint URL' }),
      S3_REGION: str({ default: 'us-east-1' }),
      S3_ACCESS_KEY: str({ describe: 'S3 access key id' }),
      S3_SECRET_KEY: str({ minLength: 8, describe: 'S3 secret access key' }),
      S3_BUCKET: str({ describe: 'bucket that holds the documents' }),
      // Lets several deployments (or test files) share one bucket without seeing each other's objects.
      S3_KEY_PREFIX: str({ default: 'documents/' }),
      UPLOAD_MAX_BYTES: int({ min: 1, default: 25 * 1024 * 1024 }),
    },
    env,
  );

export type DocumentsConfig = ReturnType<typeof loadDocumentsConfig>;
