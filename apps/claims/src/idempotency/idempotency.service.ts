import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { DomainError } from '@poe/platform';
import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '../shared/events';
import { CLAIMS_CONFIG } from '../claims.tokens';
import type { ClaimsConfig } from '../config';
import { IDEMPOTENCY_KEYS } from './idempotency.schema';

export interface StoredResponse {
  status: number;
  body: unknown;
  etag?: string;
}

interface KeyDoc {
  _id: string;
  requestHash: string;
  state: 'pending' | 'done';
  resourceId: string;
  startedAt: string;
  response?: StoredResponse;
  expiresAt: Date;
}

/** How long a request may hold a key before a retry may take over (the first one crashed). */
const TAKEOVER_AFTER_MS = 30_000;
const EPOCH = new Date(0).toISOString();

/**
 * `Idempotency-Key` for create and submit: the first request claims the key (a unique `_id`), does
 * the work and stores its response; a retry with the same key and body gets that response back.
 * The same key with another body is 422 `IDEMPOTENCY.KEY_REUSED`; a retry while the first is still
 * running is 409 `IDEMPOTENCY.IN_PROGRESS`. A refused request (4xx) releases its key, since it
 * changed nothing; a "retry later" answer (with Retry-After) or an outage keeps it for a takeover. The resource id is fixed when the key is claimed, so a retry that takes over
 * from a crashed request works on the same claim instead of making a second one.
 * A key is kept for CLAIMS_IDEMPOTENCY_KEY_TTL_HOURS: an expired key counts as never used, and a
 * sweep deletes expired keys so the collection does not grow without bound.
 */
@Injectable()
export class IdempotencyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyService.name);
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @InjectModel(IDEMPOTENCY_KEYS) private readonly model: Model<unknown>,
    @Inject(CLAIMS_CONFIG) private readonly config: ClaimsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.CLAIMS_IDEMPOTENCY_SWEEP_INTERVAL_MS;
    if (every <= 0) return;
    // Every instance sweeps; deleting what another already deleted is harmless.
    this.sweepTimer = setInterval(() => {
      this.sweepExpired().catch((e) =>
        this.logger.warn({ msg: 'idempotency sweep failed', error: (e as Error).message }),
      );
    }, every).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
  }

  /** Deletes the keys that expired before `now`; returns how many. */
  async sweepExpired(now = new Date()): Promise<number> {
    const res = await this.col.deleteMany({ expiresAt: { $lt: now } });
    return res.deletedCount;
  }

  private get col() {
    return this.model.collection as unknown as Collection<KeyDoc>;
  }

  static hash(parts: unknown): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  }

  /**
   * `replay`: what a retry of a finished request answers, given the stored response and the
   * resource id; the stored response itself when left out.
   */
  async run(
    scopeKey: string,
    requestHash: string,
    newResourceId: () => string,
    work: (resourceId: string, takeover: boolean) => Promise<StoredResponse>,
    replay: (stored: StoredResponse, resourceId: string) => Promise<StoredResponse> = async (stored) => stored,
  ): Promise<StoredResponse> {
    const now = new Date();
    const mine: KeyDoc = {
      _id: scopeKey,
      requestHash,
      state: 'pending',
      resourceId: newResourceId(),
      startedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.config.CLAIMS_IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000),
    };
    let takeover = false;
    try {
      await this.col.insertOne(mine);
    } catch (e) {
      if (!isDuplicateKey(e)) throw e;
      const existing = await this.col.findOne({ _id: scopeKey });
      if (!existing) return this.run(scopeKey, requestHash, newResourceId, work, replay);
      if (existing.expiresAt && existing.expiresAt < now) {
        // Expired but not swept yet: forgotten, as if the sweep had run.
        await this.col.deleteOne({ _id: scopeKey, expiresAt: existing.expiresAt });
        return this.run(scopeKey, requestHash, newResourceId, work, replay);
      }
      if (existing.requestHash !== requestHash) {
        throw new DomainError(
          'IDEMPOTENCY.KEY_REUSED',
          'invalid',
          'this Idempotency-Key was used for a different request; use a new key',
          [
            {
              field: 'Idempotency-Key',
              rule: 'sameRequest',
              message: 'the key was first used with another body or target',
            },
          ],
        );
      }
      if (existing.state === 'done' && existing.response) return replay(existing.response, existing.resourceId);
      if (now.getTime() - new Date(existing.startedAt).getTime() < TAKEOVER_AFTER_MS) {
        throw new DomainError(
          'IDEMPOTENCY.IN_PROGRESS',
          'conflict',
          'a request with this Idempotency-Key is still being processed; retry shortly',
          [],
          1,
        );
      }
      const taken = await this.col.updateOne(
        { _id: scopeKey, state: 'pending', startedAt: existing.startedAt },
        { $set: { startedAt: now.toISOString() } },
      );
      if (taken.matchedCount !== 1)
        throw new DomainError(
          'IDEMPOTENCY.IN_PROGRESS',
          'conflict',
          'a request with this Idempotency-Key is still being processed; retry shortly',
          [],
          1,
        );
      mine.resourceId = existing.resourceId;
      takeover = true;
    }
    let response: StoredResponse;
    try {
      response = await work(mine.resourceId, takeover);
    } catch (e) {
      // A refusal changed nothing: the key goes, and a retry runs anew.
      if (e instanceof DomainError && e.retryAfterSeconds === undefined)
        await this.col.deleteOne({ _id: scopeKey, state: 'pending' });
      // Cut off by an outage, or told to come back (the claim's submit is still being completed):
      // the work may be half done or done, so the key stays with its resource id, and a retry may
      // take over at once instead of waiting out TAKEOVER_AFTER_MS. Best effort: the database may be
      // the thing that is down, and then the retry waits.
      else
        await this.col
          .updateOne({ _id: scopeKey, state: 'pending', startedAt: mine.startedAt }, { $set: { startedAt: EPOCH } })
          .catch(() => undefined);
      throw e;
    }
    await this.col.updateOne({ _id: scopeKey }, { $set: { state: 'done', response } });
    return response;
  }
}
