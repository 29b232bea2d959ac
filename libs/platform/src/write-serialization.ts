import { Collection } from 'mongodb';

/**
 * FerretDB v1 applies an update by reading the document, changing it in Go and writing it back,
 * without a transaction (FerretDB issue #3040): two concurrent conditional updates of one document
 * can both "succeed" and one is lost. Measured here: 20 concurrent `$inc` with a `$gte` guard on one
 * document reported 8 successes where 5 were possible. MongoDB updates one document atomically.
 *
 * So within one process every write to an existing document waits for the previous write to the
 * same document (same database, collection and `_id`); a write whose filter does not name one `_id`
 * waits for all writes to its collection. Inserts are not held back: a unique index decides those.
 * This makes a single service instance exact on FerretDB; on MongoDB it only orders what MongoDB
 * would have ordered anyway. Several instances against one FerretDB are not made safe by it:
 * production runs MongoDB (docs/ferretdb.md).
 */
class NamespaceLock {
  private docTails = new Map<string, Promise<void>>();
  private docsInFlight = new Set<Promise<void>>();
  private collectionTail: Promise<void> = Promise.resolve();

  async forDocument<T>(id: string, fn: () => Promise<T>): Promise<T> {
    // Wait behind a collection-wide write that started earlier, then behind this document's last write.
    await this.collectionTail;
    const previous = this.docTails.get(id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    this.docTails.set(id, tail);
    this.docsInFlight.add(tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      this.docsInFlight.delete(tail);
      if (this.docTails.get(id) === tail) this.docTails.delete(id);
    }
  }

  async forCollection<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.collectionTail;
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    this.collectionTail = previous.then(() => mine);
    await previous;
    await Promise.all([...this.docsInFlight]);
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

const locks = new Map<string, NamespaceLock>();
const lockOf = (c: Collection) => {
  const ns = `${c.dbName}.${c.collectionName}`;
  let lock = locks.get(ns);
  if (!lock) locks.set(ns, (lock = new NamespaceLock()));
  return lock;
};

/** The `_id` a filter pins down, if it names exactly one (a plain value, not an operator). */
function singleId(filter: unknown): string | undefined {
  if (!filter || typeof filter !== 'object') return undefined;
  const id = (filter as Record<string, unknown>)._id;
  if (id === undefined || id === null) return undefined;
  if (typeof id === 'object' && !('toHexString' in id)) {
    const keys = Object.keys(id);
    if (keys.length === 1 && keys[0] === '$eq') return singleId({ _id: (id as { $eq: unknown }).$eq });
    return undefined;
  }
  return String(id);
}

const FILTERED_WRITES = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
] as const;

let installed = false;

/** Installs the per-document write ordering on the MongoDB driver once per process. */
export function installDocumentWriteSerialization(): void {
  if (installed) return;
  installed = true;
  const proto = Collection.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of FILTERED_WRITES) {
    const original = proto[method];
    proto[method] = function (this: Collection, ...args: unknown[]) {
      const id = method === 'updateMany' || method === 'deleteMany' ? undefined : singleId(args[0]);
      const run = () => original.apply(this, args);
      return id === undefined ? lockOf(this).forCollection(run) : lockOf(this).forDocument(id, run);
    };
  }
  const bulkWrite = proto.bulkWrite;
  proto.bulkWrite = function (this: Collection, ...args: unknown[]) {
    return lockOf(this).forCollection(() => bulkWrite.apply(this, args));
  };
}
