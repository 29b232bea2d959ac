import { Client } from 'minio';
import type { Readable } from 'node:stream';
import type { ReadinessCheck } from '@poe/platform';
import { PartBufferPool } from './part-buffer-pool';

export interface ObjectStoreSettings {
  endpoint: string;
  /** Host clients download from, when it differs from the one the service reaches (signatures cover the host). */
  publicEndpoint?: string;
  region: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  keyPrefix: string;
  /** Size of one multipart part (S3 minimum 5 MiB); uploads smaller than this are a single PUT. */
  partSize?: number;
  /** Part buffers shared by all uploads in flight: the cap on upload memory. */
  maxPartBuffers?: number;
}

export interface StoredObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;

function clientFor(endpoint: string, s: ObjectStoreSettings): Client {
  const u = new URL(endpoint);
  const useSSL = u.protocol === 'https:';
  return new Client({
    endPoint: u.hostname,
    port: u.port ? Number(u.port) : useSSL ? 443 : 80,
    useSSL,
    // Setting the region spares a bucket-location request, and lets presigning work offline.
    region: s.region,
    accessKey: s.accessKey,
    secretKey: s.secretKey,
    pathStyle: true,
  });
}

/**
 * The object store behind the documents service, spoken to through the S3 API. Keys passed in are
 * relative; the configured prefix is added here so callers never build full keys.
 */
export class ObjectStore implements ReadinessCheck {
  readonly name = 'object-store';
  private readonly client: Client;
  private readonly presigner: Client;
  readonly pool: PartBufferPool;

  constructor(private readonly settings: ObjectStoreSettings) {
    this.client = clientFor(settings.endpoint, settings);
    this.presigner = settings.publicEndpoint ? clientFor(settings.publicEndpoint, settings) : this.client;
    const partSize = settings.partSize ?? MIN_PART_SIZE;
    if (partSize < MIN_PART_SIZE) throw new Error(`part size must be at least ${MIN_PART_SIZE} bytes (S3 minimum)`);
    this.pool = new PartBufferPool(partSize, settings.maxPartBuffers ?? 8);
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

  /**
   * Starts writing an object whose size is not known yet. Bytes are copied into pooled part
   * buffers, so an upload holds at most two parts in memory whatever the file size.
   */
  beginUpload(relativeKey: string, contentType: string): ObjectUpload {
    return new ObjectUpload(this.client, this.pool, this.settings.bucket, this.key(relativeKey), contentType);
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

  async stat(relativeKey: string): Promise<{ size: number; etag: string; contentType?: string } | undefined> {
    try {
      const s = await this.client.statObject(this.settings.bucket, this.key(relativeKey));
      return { size: s.size, etag: s.etag, contentType: s.metaData?.['content-type'] as string | undefined };
    } catch (e) {
      if ((e as { code?: string }).code === 'NotFound' || (e as { code?: string }).code === 'NoSuchKey')
        return undefined;
      throw e;
    }
  }

  /** Removes the object; removing one that is not there is not an error (S3 semantics). */
  remove(relativeKey: string): Promise<void> {
    return this.client.removeObject(this.settings.bucket, this.key(relativeKey));
  }

  /** Aborts any unfinished multipart upload of this key (what a crash mid-upload leaves behind). */
  async abortIncomplete(relativeKey: string): Promise<void> {
    await this.client.removeIncompleteUpload(this.settings.bucket, this.key(relativeKey));
  }

  /** How many unfinished multipart uploads this key has (S3 lists them per key on MinIO). */
  async incompleteUploads(relativeKey: string): Promise<number> {
    let n = 0;
    for await (const u of this.client.listIncompleteUploads(
      this.settings.bucket,
      this.key(relativeKey),
      false,
    ) as AsyncIterable<{ key: string }>) {
      if (u.key === this.key(relativeKey)) n++;
    }
    return n;
  }

  /** Every object under the prefix (relative keys), for reconciliation against the metadata. */
  async *list(relativePrefix = ''): AsyncGenerator<StoredObjectInfo> {
    const stream = this.client.listObjectsV2(this.settings.bucket, this.key(relativePrefix), true);
    for await (const item of stream as AsyncIterable<{ name?: string; size: number; lastModified: Date }>) {
      if (!item.name) continue;
      yield { key: item.name.slice(this.settings.keyPrefix.length), size: item.size, lastModified: item.lastModified };
    }
  }

  /**
   * A GET URL signed for `expirySeconds`, with response headers the store sets on the download
   * (they are part of the signature, so a client cannot change them).
   */
  presignedGet(
    relativeKey: string,
    expirySeconds: number,
    responseHeaders: Record<string, string> = {},
    now = new Date(),
  ): Promise<string> {
    return this.presigner.presignedGetObject(
      this.settings.bucket,
      this.key(relativeKey),
      expirySeconds,
      responseHeaders,
      now,
    );
  }
}

/**
 * One object being written. While one part goes up, the next fills (two buffers at most), so
 * receiving and sending overlap; the shared pool still caps what all uploads hold together. Call
 * `complete()` or `abort()` exactly once, after the last `write()` settled.
 */
export class ObjectUpload {
  private buffer?: Buffer;
  private filled = 0;
  private uploadId?: string;
  private inFlight?: Promise<void>;
  private readonly parts: { part: number; etag: string }[] = [];
  private completed = false;

  constructor(
    private readonly client: Client,
    private readonly pool: PartBufferPool,
    private readonly bucket: string,
    private readonly fullKey: string,
    private readonly contentType: string,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.buffer) this.buffer = await this.pool.acquire();
      const n = chunk.copy(this.buffer, this.filled, offset);
      this.filled += n;
      offset += n;
      if (this.filled === this.buffer.length) await this.sendPart();
    }
  }

  /** Hands the full buffer to the store in the background; waits only for the part before it. */
  private async sendPart(): Promise<void> {
    await this.inFlight;
    this.uploadId ??= await this.client.initiateNewMultipartUpload(this.bucket, this.fullKey, {
      'Content-Type': this.contentType,
    });
    const buffer = this.buffer!;
    const length = this.filled;
    const partNumber = this.parts.length + 1;
    const uploadID = this.uploadId;
    this.parts.push({ part: partNumber, etag: '' });
    this.buffer = undefined;
    this.filled = 0;
    this.inFlight = this.client
      .uploadPart(
        { bucketName: this.bucket, objectName: this.fullKey, uploadID, partNumber, headers: {} },
        buffer.subarray(0, length),
      )
      .then((res) => {
        this.parts[partNumber - 1].etag = res.etag;
      })
      .finally(() => this.pool.release(buffer));
    // A failed part fails the next write or complete(); keep it from being an unhandled rejection now.
    this.inFlight.catch(() => undefined);
  }

  /** Makes the object visible; a file smaller than one part is a single PUT. */
  async complete(): Promise<void> {
    try {
      if (!this.uploadId) {
        const body = this.buffer ? this.buffer.subarray(0, this.filled) : Buffer.alloc(0);
        await this.client.putObject(this.bucket, this.fullKey, body, body.length, { 'Content-Type': this.contentType });
      } else {
        if (this.filled > 0) await this.sendPart();
        await this.inFlight;
        await this.client.completeMultipartUpload(this.bucket, this.fullKey, this.uploadId, this.parts);
      }
      this.completed = true;
    } finally {
      this.releaseBuffer();
    }
  }

  /** Leaves nothing behind: aborts the multipart upload, or removes the object if it was completed. */
  async abort(): Promise<void> {
    this.releaseBuffer();
    await this.inFlight?.catch(() => undefined);
    if (this.completed) await this.client.removeObject(this.bucket, this.fullKey);
    else if (this.uploadId) await this.client.abortMultipartUpload(this.bucket, this.fullKey, this.uploadId);
  }

  private releaseBuffer(): void {
    if (this.buffer) this.pool.release(this.buffer);
    this.buffer = undefined;
  }
}
