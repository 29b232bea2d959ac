import { Client } from 'minio';
import type { Readable } from 'node:stream';
import type { ReadinessCheck } from '@poe/platform';

export interface ObjectStoreSettings {
  endpoint: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  keyPrefix: string;
}

/**
 * The object store behind the documents service, spoken to through the S3 API. Keys passed in are
 * relative; the configured prefix is added here so callers never build full keys.
 */
export class ObjectStore implements ReadinessCheck {
  readonly name = 'object-store';
  private readonly client: Client;

  constructor(private readonly settings: ObjectStoreSettings) {
    const u = new URL(settings.endpoint);
    const useSSL = u.protocol === 'https:';
    this.client = new Client({
      endPoint: u.hostname,
      port: u.port ? Number(u.port) : useSSL ? 443 : 80,
      useSSL,
      region: settings.region,
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      pathStyle: true,
    });
  }

  get bucket(): string {
    return this.settings.bucket;
  }

  private key(relative: string): string {
    return this.settings.keyPrefix + relative;
  }

  async check(): Promise<void> {
    if (!(await this.client.bucketExists(this.settings.bucket))) {
      throw new Error(`bucket "${this.settings.bucket}" does not exist`);
    }
  }

  async ensureBucket(): Promise<void> {
    if (!(await this.client.bucketExists(this.settings.bucket))) {
      await this.client.makeBucket(this.settings.bucket, this.settings.region);
    }
  }

  /** Streams `body` to the store (multipart above the client's part size); returns the ETag. */
  async put(relativeKey: string, body: Readable | Buffer, size?: number, contentType?: string): Promise<string> {
    const meta = contentType ? { 'Content-Type': contentType } : {};
    const info = await this.client.putObject(this.settings.bucket, this.key(relativeKey), body, size, meta);
    return info.etag;
  }

  get(relativeKey: string): Promise<Readable> {
    return this.client.getObject(this.settings.bucket, this.key(relativeKey));
  }

  async stat(relativeKey: string): Promise<{ size: number; etag: string } | undefined> {
    try {
      const s = await this.client.statObject(this.settings.bucket, this.key(relativeKey));
      return { size: s.size, etag: s.etag };
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFound' || (e as { code?: string }).code === 'NoSuchKey') return undefined;
      throw e;
    }
  }

  remove(relativeKey: string): Promise<void> {
    return this.client.removeObject(this.settings.bucket, this.key(relativeKey));
  }

  presignedGet(relativeKey: string, expirySeconds: number, responseHeaders: Record<string, string> = {}): Promise<string> {
    return this.client.presignedGetObject(this.settings.bucket, this.key(relativeKey), expirySeconds, responseHeaders);
  }
}
