/**
 * Fixed-size buffers that uploads fill with one multipart part each. The pool caps how much
 * memory all uploads together hold: an upload that finds no free buffer waits (its client's TCP
 * stream simply stalls) instead of allocating more. Buffers are kept and reused, so steady upload
 * traffic does not churn large allocations.
 */
export class PartBufferPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((b: Buffer) => void)[] = [];
  private allocated = 0;

  constructor(
    readonly partSize: number,
    readonly maxBuffers: number,
  ) {
    if (maxBuffers < 1) throw new Error('PartBufferPool needs at least one buffer');
  }

  acquire(): Promise<Buffer> {
    const b = this.free.pop();
    if (b) return Promise.resolve(b);
    if (this.allocated < this.maxBuffers) {
      this.allocated++;
      return Promise.resolve(Buffer.allocUnsafe(this.partSize));
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(b: Buffer): void {
    const next = this.waiting.shift();
    if (next) next(b);
    else this.free.push(b);
  }

  get stats() {
    return { allocated: this.allocated, free: this.free.length, waiting: this.waiting.length };
  }
}
