import { requireEnv, testNamespace } from '@poe/testing';
import {
  Binary,
  BSON,
  type Collection,
  type Db,
  type Document,
  type IndexDirection,
  MaxKey,
  MinKey,
  MongoClient,
  ObjectId,
  Timestamp,
} from 'mongodb';
import type { Schema } from 'mongoose';
import { ClaimSchema } from '../apps/claims/src/claims/claim.schema';
import { DocumentSchema } from '../apps/documents/src/documents/document.schema';
import { ReviewItemSchema } from '../apps/review/src/queue/review-item.schema';

/**
 * An index changes how fast a query is answered, never what it answers. Each filter here is
 * answered twice by the server under test, once as it plans it and once by a collection scan
 * (`hint({$natural: 1})`), and the two answers must be the same documents (and, with a sort and
 * a limit, the same documents in the same order). SecantusDB plans with the project's patches
 * (infra/secantus/patches, docs/database.md): patch 0003 bounds index walks by the bound's type
 * and walks a compound index for equalities plus one of several range clauses, so this covers:
 * - the matrix the patch was first checked with: 4 operators x 10 bounds of mixed types, on an
 *   ascending, a descending, a compound and a compound-with-residual index;
 * - the services' own background queries (documents' reconcile and retention passes, review's
 *   overdue check, claims' recovery and cursor pages) on the indexes the services declare, over
 *   records with the queried fields missing, null or of another type;
 * - seeded random filters: equalities, `$in` and range clauses on 1-3 fields, `_id` ranges,
 *   multikey fields, descending columns.
 * FerretDB (the second server, `MONGO_URL_FERRETDB`) is skipped: it answers every one of these
 * filters by decoding the collection, so there is nothing to compare.
 */

const { EJSON } = BSON;
const ns = testNamespace(__filename);
let client: MongoClient;
let db: Db;
const onFerretDb = !!process.env.MONGO_URL_FERRETDB && process.env.MONGO_URL === process.env.MONGO_URL_FERRETDB;
const compared = onFerretDb ? test.skip : test;

beforeAll(async () => {
  client = await MongoClient.connect(requireEnv('MONGO_URL'));
  db = client.db(ns.dbName);
  // A FerretDB under another URL would pass every comparison without an index being involved.
  const info = await db.admin().command({ buildInfo: 1 });
  expect(info.ferretdbVersion).toBeUndefined();
});
afterAll(async () => {
  await db?.dropDatabase();
  await client?.close();
});

/** A small seeded generator, so a failure names filters that reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const at = (second: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, second));
const oid = (n: number) => new ObjectId(n.toString(16).padStart(24, '0'));
const MISSING = Symbol('missing');

/** Scalars of every type an index orders, strings that are prefixes of each other among them. */
const SCALARS: unknown[] = [
  null,
  -2,
  0,
  1.5,
  3,
  '',
  'a',
  'ab',
  'b',
  'ba',
  'stored',
  at(-1),
  at(0),
  at(1),
  oid(1),
  oid(2),
  false,
  true,
  new Timestamp({ t: 1000, i: 1 }),
  new Binary(Buffer.from([1])),
  new MinKey(),
  new MaxKey(),
];
/** Values a document may hold: the scalars, a missing field, arrays (multikey) and a document. */
const VALUES: unknown[] = [
  ...SCALARS,
  MISSING,
  MISSING,
  [],
  [1.5],
  [0, 3],
  ['a', 3],
  [at(-1), null],
  ['', 'b'],
  { x: 1 },
];
/** The bounds of the matrix: ten, of mixed types, some equal to stored values. */
const BOUNDS: unknown[] = [null, 0, 1.5, '', 'a', 'b', at(0), oid(1), true, new Timestamp({ t: 1000, i: 1 })];
const RANGE_OPS = ['$lt', '$lte', '$gt', '$gte'] as const;

type Doc = Document & { _id: unknown };

function pick<T>(rnd: () => number, from: readonly T[]): T {
  return from[Math.floor(rnd() * from.length)];
}

function makeDocs(rnd: () => number, n: number, fields: string[]): Doc[] {
  const ids = new Set<string>();
  const docs: Doc[] = [];
  for (let i = 0; i < n; i++) {
    // `_id`s of three types, and strings that are prefixes of one another.
    const id = i % 7 === 0 ? i : i % 11 === 0 ? oid(1000 + i) : `d-${i % 3 === 0 ? i : String(i).padStart(4, '0')}`;
    const key = EJSON.stringify({ id });
    if (ids.has(key)) continue;
    ids.add(key);
    const doc: Doc = { _id: id };
    for (const f of fields) {
      const v = pick(rnd, VALUES);
      if (v !== MISSING) doc[f] = v;
    }
    docs.push(doc);
  }
  return docs;
}

async function collectionWith(name: string, indexes: [Record<string, IndexDirection>, object?][], docs: Doc[]) {
  const col = db.collection<Doc>(name);
  for (const [keys, options] of indexes) await col.createIndex(keys, options ?? {});
  if (docs.length) await col.insertMany(docs);
  return col;
}

const idsOf = (docs: Doc[]) => docs.map((d) => EJSON.stringify({ id: d._id }));

interface Probe {
  filter: Document;
  sort?: Record<string, 1 | -1>;
  limit?: number;
}

/** Each probe answered as planned and by a scan; the probes whose answers differ, described. */
async function differences(col: Collection<Doc>, probes: Probe[]): Promise<string[]> {
  const out: string[] = [];
  for (const { filter, sort, limit } of probes) {
    const run = async (scan: boolean) => {
      let cursor = col.find(filter);
      if (scan) cursor = cursor.hint({ $natural: 1 });
      if (sort) cursor = cursor.sort(sort);
      if (limit) cursor = cursor.limit(limit);
      const ids = idsOf(await cursor.toArray());
      return sort ? ids : ids.sort();
    };
    const [planned, scanned] = [await run(false), await run(true)];
    if (JSON.stringify(planned) === JSON.stringify(scanned)) continue;
    const missed = scanned.filter((id) => !planned.includes(id));
    const extra = planned.filter((id) => !scanned.includes(id));
    out.push(
      `${col.collectionName}: ${EJSON.stringify(filter)}${sort ? ` sort ${JSON.stringify(sort)}` : ''}` +
        `${limit ? ` limit ${limit}` : ''}: missed ${missed.join(' ') || '-'}, extra ${extra.join(' ') || '-'}` +
        (!missed.length && !extra.length ? ', order differs' : ''),
    );
  }
  return out;
}

/** Both unsorted and as a page (sorted by `_id`, limited), as the services read. */
const asProbes = (filters: Document[]): Probe[] =>
  filters.flatMap((filter) => [{ filter }, { filter, sort: { _id: 1 }, limit: 5 }]);

function declaredIndexes(schema: Schema): [Record<string, IndexDirection>, object?][] {
  return schema.indexes().map(([keys, options]) => [keys as Record<string, IndexDirection>, options]);
}

compared('indexedAnswers_matrixOfOperatorsAndMixedTypeBounds_equalACollectionScan', async () => {
  const rnd = random(160);
  const docs = makeDocs(rnd, 150, ['k', 'v', 'w', 't']).map((d, i) => ({ ...d, k: i % 3 === 0 ? 'x' : 'y' }));
  const kinds: { name: string; index: Record<string, IndexDirection>; filter: (op: string, b: unknown) => Document }[] =
    [
      { name: 'asc', index: { v: 1 }, filter: (op, b) => ({ v: { [op]: b } }) },
      { name: 'desc', index: { v: -1 }, filter: (op, b) => ({ v: { [op]: b } }) },
      { name: 'compound', index: { k: 1, v: 1, t: 1 }, filter: (op, b) => ({ k: 'x', v: { [op]: b } }) },
      { name: 'compound_desc', index: { k: 1, v: -1 }, filter: (op, b) => ({ k: 'x', v: { [op]: b } }) },
      {
        name: 'compound_residual',
        index: { k: 1, v: 1, t: 1 },
        filter: (op, b) => ({ k: 'x', v: { [op]: b }, w: { $gte: '' } }),
      },
    ];
  const problems: string[] = [];
  for (const kind of kinds) {
    const col = await collectionWith(`matrix_${kind.name}`, [[kind.index]], docs);
    const filters = RANGE_OPS.flatMap((op) => BOUNDS.map((b) => kind.filter(op, b)));
    problems.push(...(await differences(col, asProbes(filters))));
  }
  expect(problems).toEqual([]);
});

compared('indexedAnswers_theServicesBackgroundQueriesOnTheirDeclaredIndexes_equalACollectionScan', async () => {
  const rnd = random(11);
  const T = at(0);
  const problems: string[] = [];

  // documents: reconcile (stale pending, then the pages of stored/missing records stored before the
  // listing), retention (unattached, expired); the records' dates missing, null or of other types.
  const statuses = ['pending', 'stored', 'missing', 'deleted', 'stored', 'stored'];
  const records = makeDocs(rnd, 300, ['storedAt', 'createdAt', 'retainUntil', 'attachedAt', 'sha256']).map((d, i) => {
    const dateish = (v: unknown) => (rnd() < 0.7 ? at(Math.floor(rnd() * 7) - 3) : v);
    return {
      ...d,
      status: statuses[i % statuses.length],
      partnerId: `p${i % 4}`,
      objectKey: `docs/${i}`,
      ...(d.storedAt !== undefined || rnd() < 0.5 ? { storedAt: dateish(d.storedAt) } : {}),
      createdAt: dateish(d.createdAt ?? T),
      ...(i % 5 === 0 ? { claimId: `c${i % 3}` } : {}),
    };
  });
  const documents = await collectionWith('documents', declaredIndexes(DocumentSchema), records);
  const documentFilters: Document[] = [];
  for (const cutoff of [at(-2), T, at(2), at(9)]) {
    for (const after of ['', 'd-0100', 'd-', 'd-3', 'e']) {
      documentFilters.push({ _id: { $gt: after }, status: { $in: ['stored', 'missing'] }, storedAt: { $lt: cutoff } });
    }
    documentFilters.push(
      { status: 'pending', createdAt: { $lt: cutoff } },
      {
        status: { $in: ['stored', 'missing'] },
        attachedAt: { $exists: false },
        submittedWithClaimId: { $exists: false },
        createdAt: { $lt: cutoff },
      },
      { status: { $in: ['stored', 'missing'] }, retainUntil: { $lt: cutoff } },
      // Equalities and several ranges: the shape patch 0003 walks by one of the ranges.
      { status: 'stored', createdAt: { $lte: cutoff }, storedAt: { $lt: cutoff } },
      { status: 'stored', createdAt: { $gte: cutoff }, _id: { $gt: 'd-' } },
      { partnerId: 'p1', createdAt: { $lte: cutoff }, storedAt: { $gte: at(-3) } },
    );
  }
  problems.push(
    ...(await differences(documents, [
      ...asProbes(documentFilters),
      ...documentFilters.map((filter) => ({ filter, sort: { _id: 1 as const }, limit: 500 })),
    ])),
  );
  // The reconcile pass reads each status by one cursor in `_id` order, as the job does, and judges
  // the records stored before its listing: every record the scan finds, it must see.
  const listedAt = at(1);
  const page = async (scan: boolean) => {
    const seen: string[] = [];
    for (const status of ['stored', 'missing']) {
      let cursor = documents.find({ status });
      if (scan) cursor = cursor.hint({ $natural: 1 });
      for await (const d of cursor.sort({ _id: 1 }).batchSize(7))
        if (d.storedAt instanceof Date && d.storedAt < listedAt) seen.push(d._id as string);
    }
    return seen;
  };
  expect(await page(false)).toEqual(await page(true));

  // review: the overdue check, the queue's filters (equalities, `$in`, `dueAt` ranges).
  const items = makeDocs(rnd, 240, ['dueAt', 'decidedAt', 'overdueNotified']).map((d, i) => ({
    ...d,
    status: ['queued', 'in_review', 'approved', 'rejected'][i % 4],
    programId: `prog-${i % 2}`,
    partnerId: `p${i % 3}`,
    ...(rnd() < 0.7 ? { dueAt: at(Math.floor(rnd() * 7) - 3) } : {}),
    ...(rnd() < 0.8 ? { overdueNotified: rnd() < 0.5 } : {}),
  }));
  const reviewItems = await collectionWith('review_items', declaredIndexes(ReviewItemSchema), items);
  const itemFilters: Document[] = [];
  for (const now of [at(-2), T, at(3)]) {
    itemFilters.push(
      { overdueNotified: false, status: { $in: ['queued', 'in_review'] }, dueAt: { $lt: now } },
      { programId: 'prog-1', status: 'queued', dueAt: { $lte: now } },
      { partnerId: 'p2', status: { $in: ['queued', 'in_review'] }, dueAt: { $gt: now } },
      { status: 'queued', dueAt: { $lte: now }, _id: { $gt: 'd-' } },
      { decidedAt: { $lt: now } },
    );
  }
  problems.push(...(await differences(reviewItems, asProbes(itemFilters))));

  // claims: the recovery pass, and a partner's pages by `_id` descending after a cursor.
  const claimDocs = makeDocs(rnd, 240, ['pending', 'executionDate']).map((d, i) => ({
    ...d,
    _id: `clm-${String(i).padStart(i % 5 === 0 ? 2 : 4, '0')}`,
    partnerId: `p${i % 3}`,
    status: ['DRAFT', 'SUBMITTED', 'APPROVED'][i % 3],
    campaignId: `cmp-${i % 2}`,
    pending: rnd() < 0.3 ? { startedAt: pick(rnd, [at(-1), at(0), at(2), null, 'x']) } : d.pending,
    executionDate: pick(rnd, ['2026-11-30', '2026-12-01', '2026-12-02', null, at(0)]),
  }));
  const claims = await collectionWith('claims', declaredIndexes(ClaimSchema), claimDocs);
  const claimFilters: Document[] = [];
  for (const now of [at(-1), T, at(5)]) claimFilters.push({ 'pending.startedAt': { $lt: now } });
  for (const after of ['clm-0100', 'clm-01', 'clm-1', 'clm-']) {
    claimFilters.push(
      { partnerId: 'p1', _id: { $lt: after } },
      { partnerId: 'p1', status: 'SUBMITTED', _id: { $lt: after } },
      { partnerId: 'p1', _id: { $gt: after } },
      { campaignId: 'cmp-0', _id: { $lte: after } },
    );
  }
  claimFilters.push(
    { partnerId: 'p1', executionDate: { $gte: '2026-12-01', $lte: '2026-12-02' } },
    { partnerId: 'p2', status: 'APPROVED', executionDate: { $lte: '2026-12-01' } },
  );
  problems.push(
    ...(await differences(claims, [
      ...asProbes(claimFilters),
      ...claimFilters.map((filter) => ({ filter, sort: { _id: -1 as const }, limit: 20 })),
    ])),
  );
  expect(problems).toEqual([]);
});

compared('indexedAnswers_seededRandomFilters_equalACollectionScan', async () => {
  const rnd = random(2026);
  const docs = makeDocs(rnd, 200, ['a', 'b', 'c', 's']);
  const col = await collectionWith(
    'random',
    [
      [{ a: 1 }],
      [{ b: -1 }],
      [{ a: 1, b: 1 }],
      [{ c: 1, a: 1, b: 1 }],
      [{ b: 1, c: -1 }],
      [{ s: 1, c: 1 }],
      [{ s: 1, a: 1, _id: 1 }],
    ],
    docs,
  );
  const clause = (): unknown => {
    const r = rnd();
    if (r < 0.3) return pick(rnd, SCALARS);
    if (r < 0.45) return { $in: [pick(rnd, SCALARS), pick(rnd, SCALARS)] };
    if (r < 0.85) return { [pick(rnd, RANGE_OPS)]: pick(rnd, SCALARS) };
    const [o1, o2] = [pick(rnd, ['$lt', '$lte'] as const), pick(rnd, ['$gt', '$gte'] as const)];
    return { [o1]: pick(rnd, SCALARS), [o2]: pick(rnd, SCALARS) };
  };
  const filters: Document[] = [];
  for (let i = 0; i < 300; i++) {
    const fields = ['a', 'b', 'c', 's'].filter(() => rnd() < 0.5);
    if (!fields.length) fields.push(pick(rnd, ['a', 'b', 'c', 's']));
    const filter: Document = Object.fromEntries(fields.map((f) => [f, clause()]));
    if (rnd() < 0.3) filter._id = { [pick(rnd, RANGE_OPS)]: pick(rnd, ['', 'd-0100', 'd-', 'd-3', 5, oid(1005)]) };
    filters.push(filter);
  }
  expect(await differences(col, asProbes(filters))).toEqual([]);
});
