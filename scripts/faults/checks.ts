import { createHash } from 'node:crypto';
import { ALL_TOPICS, TOPICS } from '@poe/contracts';
import { createKafka, KafkaAuth } from '@poe/platform';
import { Client as S3Client } from 'minio';
import { MongoClient } from 'mongodb';
import type { ClaimRecord, DecisionRecord, LoadClient, User } from './load';

/**
 * What must hold after the faults, read back from the system itself: the public API for claims,
 * balances and the review queue (as their users see them), and the stores and the broker directly
 * for what no API shows (objects without records, undelivered outbox entries, parked events).
 */

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

interface ClaimView {
  id: string;
  status: string;
  campaignId: string;
  amount: { amount: string; currency: string };
  /** What the claim holds on its campaign: its reimbursable amount (docs/reimbursement.md). */
  reserved?: { amount: string; currency: string } | null;
  evidence?: { invoice?: { documentId: string } };
  proofDocuments?: { documentId: string }[];
  approvedAmount?: { amount: string; currency: string } | null;
}

const cents = (decimal: string) => {
  const [whole, frac = ''] = decimal.split('.');
  return Number(whole) * 100 + Number((frac + '00').slice(0, 2));
};

async function listAll<T>(client: LoadClient, user: string, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await client.call(user, 'GET', `${path}${sep}limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** Every review item, whatever its status (the default listing shows only open ones). */
const ALL_ITEMS = '/review/items?status=queued,in_review,waiting_for_partner,approved,rejected';

/** The review item status that mirrors each claim status once both services have caught up. */
const ITEM_STATUS_OF: Record<string, string> = {
  SUBMITTED: 'queued',
  // A dispute of a rejection is queued again (docs/claims.md, "Disputes").
  DISPUTED: 'queued',
  UNDER_REVIEW: 'in_review',
  APPROVED: 'approved',
  REJECTED: 'rejected',
};

/**
 * Waits until the system has applied what it acknowledged: every acknowledged submission has a
 * review item and every acknowledged decision shows on its claim. Returns the time it took.
 */
export async function waitForConvergence(
  client: LoadClient,
  records: ClaimRecord[],
  decisions: DecisionRecord[],
  timeoutMs: number,
): Promise<number> {
  const t0 = Date.now();
  const final: Record<string, string> = { approve: 'APPROVED', reject: 'REJECTED' };
  for (;;) {
    const items = new Set((await listAll<{ claimId: string }>(client, 'rita', ALL_ITEMS)).map((i) => i.claimId));
    const claims = await claimsOf(client);
    const done =
      records.every((r) => !r.acknowledged || items.has(r.claimId!)) &&
      decisions.every((d) => !d.acknowledged || claims.get(d.claimId)?.status === final[d.decision]);
    if (done || Date.now() - t0 > timeoutMs) return Date.now() - t0;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function claimsOf(client: LoadClient): Promise<Map<string, ClaimView>> {
  const claims = new Map<string, ClaimView>();
  for (const user of ['bob', 'dave'] as User[]) {
    for (const c of await listAll<ClaimView>(client, user, '/claims')) claims.set(c.id, c);
  }
  return claims;
}

/**
 * Reads the claim topic from the start to its current end and counts `claim.submitted` events:
 * a relay killed between publishing and marking an entry sent publishes it again (at least once);
 * the consumers must absorb that, which the queue check above proves.
 */
async function submittedEvents(
  kafka: ReturnType<typeof createKafka>,
  ends: { partition: number; high: string }[],
): Promise<{ total: number; distinctIds: number }> {
  const remaining = new Map(ends.filter((e) => Number(e.high) > 0).map((e) => [e.partition, Number(e.high)]));
  const ids = new Set<string>();
  let total = 0;
  if (remaining.size === 0) return { total, distinctIds: 0 };
  const consumer = kafka.consumer({ groupId: `poe-fault-checks-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: TOPICS.claim, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('reading the claim topic took over 60 s')), 60_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const event = JSON.parse(message.value?.toString() ?? '{}') as { id?: string; type?: string };
          if (event.type?.includes('.claim.submitted.')) {
            total++;
            ids.add(event.id ?? '');
          }
          if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return { total, distinctIds: ids.size };
}

export interface StoreSettings {
  mongoUrl: string;
  kafkaBrokers: string;
  kafkaAuth: KafkaAuth;
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string; keyPrefix: string };
}

export async function runChecks(
  client: LoadClient,
  records: ClaimRecord[],
  decisions: DecisionRecord[],
  campaigns: Record<User, string>,
  stores: StoreSettings,
): Promise<{ checks: Check[]; counts: Record<string, number> }> {
  const checks: Check[] = [];
  const check = (name: string, problems: string[], okDetail: string) =>
    checks.push({
      name,
      ok: problems.length === 0,
      detail: problems.length ? problems.slice(0, 8).join('; ') : okDetail,
    });

  // --- claims as their partners see them ---
  const claims = await claimsOf(client);
  const acked = records.filter((r) => r.acknowledged).map((r) => r.claimId!);
  // Submitted at some point: waiting, in review or decided.
  const inReview = [...claims.values()].filter((c) => c.status in ITEM_STATUS_OF);
  check(
    'every acknowledged submission is submitted (or decided)',
    acked
      .filter((id) => !((claims.get(id)?.status ?? '') in ITEM_STATUS_OF))
      .map((id) => `${id}: ${claims.get(id)?.status}`),
    `${acked.length} acknowledged, all in review or decided`,
  );
  const known = new Set(records.map((r) => r.claimId).filter(Boolean));
  check(
    'no claim the clients do not know of',
    [...claims.keys()].filter((id) => !known.has(id)),
    `${claims.size} claims, each created by a client that got its id`,
  );
  const final: Record<string, string> = { approve: 'APPROVED', reject: 'REJECTED' };
  const ackedDecisions = decisions.filter((d) => d.acknowledged);
  check(
    'every acknowledged decision is on its claim',
    ackedDecisions
      .filter((d) => {
        const c = claims.get(d.claimId);
        return c?.status !== final[d.decision] || (d.decision === 'approve' && c.approvedAmount?.amount !== d.amount);
      })
      .map((d) => `${d.claimId}: ${d.decision} acknowledged, claim ${claims.get(d.claimId)?.status}`),
    `${ackedDecisions.filter((d) => d.decision === 'approve').length} approvals and ${
      ackedDecisions.filter((d) => d.decision === 'reject').length
    } rejections acknowledged, each on its claim`,
  );

  // --- the review queue: each submitted claim exactly once, with one submission in its history ---
  const queue = await listAll<{ claimId: string; status: string }>(client, 'rita', ALL_ITEMS);
  const perClaim = new Map<string, number>();
  for (const item of queue) perClaim.set(item.claimId, (perClaim.get(item.claimId) ?? 0) + 1);
  const queueProblems: string[] = [];
  for (const c of inReview) {
    const n = perClaim.get(c.id) ?? 0;
    if (n !== 1) queueProblems.push(`${c.id} listed ${n} times`);
  }
  for (const item of queue) {
    const status = claims.get(item.claimId)?.status ?? 'unknown';
    if (ITEM_STATUS_OF[status] !== item.status)
      queueProblems.push(`${item.claimId}: item ${item.status}, claim ${status}`);
  }
  let submissionsInHistory = 0;
  for (const c of inReview) {
    const item = (await client.call('rita', 'GET', `/review/items/${c.id}`)).body;
    const entries = (item.history as { kind: string }[]).filter((h) => h.kind === 'claim.submitted').length;
    submissionsInHistory += entries;
    if (item.submissionCount !== 1 || entries !== 1)
      queueProblems.push(
        `${c.id}: submissionCount ${item.submissionCount}, ${entries} submitted entries in its history`,
      );
  }
  check(
    'every submitted claim is in the review queue exactly once, in the same state',
    queueProblems,
    `${inReview.length} submitted claims = ${queue.length} review items, ${submissionsInHistory} submissions recorded`,
  );

  // --- funds: reserved = what claims waiting or in review hold, approved = approved amounts ---
  const fundsProblems: string[] = [];
  for (const campaignId of Object.values(campaigns)) {
    const b = (await client.call('rita', 'GET', `/campaigns/${campaignId}/balance`)).body;
    const mine = [...claims.values()].filter((c) => c.campaignId === campaignId);
    const sum = (cs: ClaimView[], of: (c: ClaimView) => string) => cs.reduce((t, c) => t + cents(of(c)), 0);
    const expectedReserved = sum(
      // A dispute holds the reimbursable it reserved again, like a submission.
      mine.filter((c) => c.status === 'SUBMITTED' || c.status === 'UNDER_REVIEW' || c.status === 'DISPUTED'),
      (c) => (c.reserved ?? c.amount).amount,
    );
    const expectedApproved = sum(
      mine.filter((c) => c.status === 'APPROVED'),
      (c) => c.approvedAmount!.amount,
    );
    const [allocated, reserved, approved, remaining] = [b.allocated, b.reserved, b.approved, b.remaining].map((m) =>
      cents(m.amount),
    );
    if (reserved !== expectedReserved)
      fundsProblems.push(
        `${campaignId}: reserved ${b.reserved.amount}, claims in review sum to ${(expectedReserved / 100).toFixed(2)}`,
      );
    if (approved !== expectedApproved)
      fundsProblems.push(
        `${campaignId}: approved ${b.approved.amount}, approved claims sum to ${(expectedApproved / 100).toFixed(2)}`,
      );
    if (allocated !== reserved + approved + remaining)
      fundsProblems.push(`${campaignId}: allocated != reserved + approved + remaining`);
  }
  check(
    'every campaign balance equals its claims (reserved: in review; approved: approved amounts)',
    fundsProblems,
    `${Object.keys(campaigns).length} campaigns exact to the cent`,
  );

  // --- documents: the records, the objects and the claims agree ---
  const mongo = await MongoClient.connect(stores.mongoUrl);
  const counts: Record<string, number> = {};
  try {
    const docs = await mongo
      .db('poe_documents')
      .collection<{ _id: string; status: string; objectKey: string; sha256?: string }>('documents')
      .find({})
      .toArray();
    const byId = new Map(docs.map((d) => [d._id, d]));
    const ep = new URL(stores.s3.endpoint);
    const s3 = new S3Client({
      endPoint: ep.hostname,
      port: Number(ep.port),
      useSSL: false,
      accessKey: stores.s3.accessKey,
      secretKey: stores.s3.secretKey,
      pathStyle: true,
    });
    const objects = new Set<string>();
    // The service stores a record's `objectKey` under its S3_KEY_PREFIX.
    const prefix = stores.s3.keyPrefix;
    for await (const o of s3.listObjectsV2(stores.s3.bucket, '', true)) {
      if (o.name) objects.add(o.name.startsWith(prefix) ? o.name.slice(prefix.length) : o.name);
    }
    const incomplete: string[] = [];
    for await (const u of s3.listIncompleteUploads(stores.s3.bucket, '', true)) incomplete.push(u.key);
    const docProblems: string[] = [];
    let readBack = 0;
    for (const c of claims.values()) {
      const ids = [c.evidence?.invoice?.documentId, ...(c.proofDocuments ?? []).map((p) => p.documentId)].filter(
        Boolean,
      ) as string[];
      for (const id of ids) {
        const d = byId.get(id);
        if (!d || d.status !== 'stored') docProblems.push(`${c.id} names ${id}: ${d?.status ?? 'no record'}`);
        else if (!objects.has(d.objectKey)) docProblems.push(`${c.id} names ${id}: object ${d.objectKey} lost`);
        else {
          // Read back as a reviewer would: the link works and the bytes are the ones hashed at upload.
          const link = (await client.call('rita', 'GET', `/documents/${id}/download-link`)).body.url as string;
          const bytes = Buffer.from(await (await fetch(link)).arrayBuffer());
          if (createHash('sha256').update(bytes).digest('hex') !== d.sha256)
            docProblems.push(`${id}: bytes differ from upload`);
          else readBack++;
        }
      }
    }
    const storedKeys = new Set(docs.filter((d) => d.status === 'stored').map((d) => d.objectKey));
    for (const key of objects)
      if (!storedKeys.has(key)) docProblems.push(`object ${key} has no stored record (orphan)`);
    for (const d of docs) if (d.status !== 'stored') docProblems.push(`record ${d._id} left ${d.status}`);
    for (const key of incomplete) docProblems.push(`unfinished multipart upload ${key}`);
    // Stored but named by no claim: an upload retried after its answer was lost, or a claim given
    // up; the documents service's cleanup removes such documents after UNATTACHED_MAX_AGE_HOURS.
    const named = new Set(
      [...claims.values()].flatMap((c) => [
        c.evidence?.invoice?.documentId,
        ...(c.proofDocuments ?? []).map((p) => p.documentId),
      ]),
    );
    const unattached = docs.filter((d) => !named.has(d._id)).length;
    check(
      'no document lost or orphaned',
      docProblems,
      `${docs.length} records = ${objects.size} objects; ${readBack} attached documents read back, SHA-256 intact; ${unattached} stored but attached to no claim (a retry after a lost answer, or a claim given up)`,
    );
    counts.documents = docs.length;

    // --- nothing left undelivered or parked ---
    const outboxProblems: string[] = [];
    for (const db of ['poe_claims', 'poe_documents', 'poe_review']) {
      for (const { name } of await mongo.db(db).listCollections().toArray()) {
        const n = await mongo
          .db(db)
          .collection(name)
          .countDocuments({ 'outbox.0': { $exists: true } });
        if (n > 0) outboxProblems.push(`${db}.${name}: ${n} documents with undelivered events`);
      }
    }
    const pending = await mongo
      .db('poe_claims')
      .collection('claims')
      .countDocuments({ pending: { $ne: null } });
    if (pending > 0) outboxProblems.push(`${pending} claims with an unfinished two-step write`);
    const kafka = createKafka('poe-fault-checks', stores.kafkaBrokers.split(','), stores.kafkaAuth);
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of ALL_TOPICS) {
        const parked = (await admin.fetchTopicOffsets(`${topic}.dlq`)).reduce((s, p) => s + Number(p.high), 0);
        if (parked > 0) outboxProblems.push(`${parked} events parked in ${topic}.dlq`);
      }
      const events = await submittedEvents(kafka, await admin.fetchTopicOffsets(TOPICS.claim));
      counts.submittedEvents = events.total;
      counts.submittedEventsRepublished = events.total - events.distinctIds;
    } finally {
      await admin.disconnect();
    }
    check('every event delivered, none parked, no half-done write', outboxProblems, 'outboxes empty, DLQs empty');
  } finally {
    await mongo.close();
  }
  counts.claims = claims.size;
  counts.submitted = inReview.length;
  counts.approved = [...claims.values()].filter((c) => c.status === 'APPROVED').length;
  counts.rejected = [...claims.values()].filter((c) => c.status === 'REJECTED').length;
  counts.decisionsAcknowledged = ackedDecisions.length;
  counts.acknowledged = acked.length;
  return { checks, counts };
}
