import { Logger } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** The collection, in each service's own database, where the jobs' leases live. */
export const JOBS_COLLECTION = 'jobs';

/** One lease: which instance runs the job, and until when it may without renewing. */
export interface JobLeaseDocument {
  _id: string;
  holder: string;
  until: Date;
}

/** This process among the instances of its service: host, pid and a random part (pids repeat). */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

const DUPLICATE_KEY = 11000;

/**
 * Lets one instance of a service run a scheduled job while several run side by side. The holder
 * renews on each tick; another instance takes over once `ttlMs` passed without a renewal (its
 * holder died or hangs). Taking and renewing are one conditional upsert on the job's document: a
 * duplicate-key error means the document exists and another instance holds it. A job that runs
 * longer than `ttlMs` can overlap with a taker-over, so the jobs stay idempotent anyway.
 */
export class JobLease {
  private readonly logger = new Logger(JobLease.name);
  private held = false;

  constructor(
    private readonly jobs: Collection<JobLeaseDocument>,
    readonly job: string,
    readonly ttlMs: number,
    readonly holder: string = INSTANCE_ID,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes the lease or renews it; `false`: another instance holds it now. */
  async acquire(): Promise<boolean> {
    const now = this.now();
    let got: boolean;
    try {
      await this.jobs.updateOne(
        { _id: this.job, $or: [{ until: { $lt: new Date(now) } }, { holder: this.holder }] },
        { $set: { holder: this.holder, until: new Date(now + this.ttlMs) } },
        { upsert: true },
      );
      got = true;
    } catch (e) {
      if ((e as { code?: number }).code !== DUPLICATE_KEY) throw e;
      got = false;
    }
    if (got !== this.held) {
      this.logger.log({
        msg: got ? 'job lease taken' : 'job lease held elsewhere',
        job: this.job,
        holder: this.holder,
      });
      this.held = got;
    }
    return got;
  }

  /** Gives the lease up (a clean shutdown), so that another instance takes over at its next tick. */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.jobs.updateOne({ _id: this.job, holder: this.holder }, { $set: { until: new Date(0) } });
  }

  /** Runs `work` if this instance holds the lease for this tick; `undefined` when it does not. */
  async runIfHeld<T>(work: () => Promise<T>): Promise<T | undefined> {
    return (await this.acquire()) ? work() : undefined;
  }
}

/** The lease of `job` in the service's own database (its `jobs` collection). */
export const jobLease = (connection: Connection, job: string, ttlMs: number): JobLease =>
  new JobLease(connection.collection(JOBS_COLLECTION) as unknown as Collection<JobLeaseDocument>, job, ttlMs);
