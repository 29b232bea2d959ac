import { backendServiceVars, int, parseEnv, str, url } from '@poe/platform';

const MiB = 1024 * 1024;

/** The only place the documents service reads process.env. */
export const loadDocumentsConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parseEnv(
    'documents',
    {
      ...backendServiceVars({ port: 3002, mongoDb: 'poe_documents', kafkaClientId: 'poe-documents' }),
      // Any S3-compatible endpoint works: MinIO, Ceph RGW, AWS S3 (https://s3.<region>.amazonaws.com).
      S3_ENDPOINT: url({ protocols: ['http', 'https'], describe: 'S3 API endpoint URL' }),
      // Download links are signed for this host; set it when clients reach the store by another name.
      S3_PUBLIC_ENDPOINT: url({
        protocols: ['http', 'https'],
        optional: true,
        describe: 'S3 endpoint as clients see it',
      }),
      S3_REGION: str({ default: 'us-east-1' }),
      S3_ACCESS_KEY: str({ describe: 'S3 access key id' }),
      S3_SECRET_KEY: str({ minLength: 8, describe: 'S3 secret access key' }),
      S3_BUCKET: str({ describe: 'bucket that holds the documents' }),
      // Lets several deployments (or test files) share one bucket without seeing each other's objects.
      S3_KEY_PREFIX: str({ default: 'documents/' }),
      UPLOAD_MAX_BYTES: int({ min: 1, default: 25 * MiB }),
      // One multipart part; an upload holds at most two (one filling, one sending). S3 needs at least 5 MiB.
      UPLOAD_PART_BYTES: int({ min: 5 * MiB, max: 512 * MiB, default: 5 * MiB }),
      // Cap on part buffers held by all uploads together (uploads beyond it wait for a free buffer).
      UPLOAD_BUFFER_POOL_BYTES: int({ min: 5 * MiB, default: 40 * MiB }),
      DOWNLOAD_URL_TTL_SECONDS: int({ min: 1, max: 7 * 24 * 3600, default: 300 }),
      RETENTION_MONTHS: int({ min: 0, max: 1200, default: 24 }),
      // Uploads never attached to a claim are removed after this long.
      UNATTACHED_MAX_AGE_HOURS: int({ min: 1, default: 7 * 24 }),
      // A `pending` record older than this belongs to an upload that died; reconcile removes it.
      PENDING_GRACE_SECONDS: int({ min: 1, default: 3600 }),
      // How often reconcile and retention run, first at start; 0 turns the timer off (tests call the jobs).
      MAINTENANCE_INTERVAL_SECONDS: int({ min: 0, default: 900 }),
      // A TrueType font for the CSR PDF (e.g. DejaVuSans.ttf) to print any script; default Helvetica covers Latin-1.
      CSR_FONT_FILE: str({ optional: true }),
      CSR_FONT_BOLD_FILE: str({ optional: true }),
    },
    env,
  );

export type DocumentsConfig = ReturnType<typeof loadDocumentsConfig>;
