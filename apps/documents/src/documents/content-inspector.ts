import { createHash, Hash } from 'node:crypto';
import { checkComplete, Completeness, FileType, HEAD_BYTES, HeadFamily, sniffHead, TAIL_BYTES } from './content-type';

/**
 * Watches an upload's bytes as they stream past: counts them, hashes them (SHA-256) and keeps only
 * the first HEAD_BYTES and the last TAIL_BYTES, so memory stays constant whatever the file size.
 */
export class ContentInspector {
  private readonly hash: Hash = createHash('sha256');
  private head = Buffer.alloc(0);
  private tailChunks: Buffer[] = [];
  private tailLength = 0;
  size = 0;
  private familyDecided = false;
  private family?: HeadFamily;

  push(chunk: Buffer): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    if (this.head.length < HEAD_BYTES) {
      this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    }
    this.tailChunks.push(chunk);
    this.tailLength += chunk.length;
    // Drop whole chunks that lie entirely before the last TAIL_BYTES.
    while (this.tailChunks.length > 1 && this.tailLength - this.tailChunks[0].length >= TAIL_BYTES) {
      this.tailLength -= this.tailChunks.shift()!.length;
    }
  }

  /**
   * The family the first bytes claim, once enough bytes arrived to tell (12), or `null` when the
   * start matches no supported type; `undefined` while still undecided.
   */
  earlyFamily(): HeadFamily | null | undefined {
    if (!this.familyDecided && this.head.length >= 12) this.decide();
    if (!this.familyDecided) return undefined;
    return this.family ?? null;
  }

  private decide(): void {
    this.family = sniffHead(this.head);
    this.familyDecided = true;
  }

  /** After the last byte: the verified type, or why the file is refused. */
  finish(): (Completeness & { sha256: string; size: number }) | { ok: false; reason: 'empty'; detail: string } {
    if (this.size === 0) return { ok: false, reason: 'empty', detail: 'the file is empty' };
    if (!this.familyDecided) this.decide();
    const sha256 = this.hash.digest('hex');
    if (!this.family)
      return {
        ok: false,
        reason: 'unsupported',
        detail: 'the content is not a supported file type',
        sha256,
        size: this.size,
      };
    const tailAll = Buffer.concat(this.tailChunks);
    const tail = tailAll.subarray(Math.max(0, tailAll.length - TAIL_BYTES));
    return { ...checkComplete(this.family, this.head, tail, this.size), sha256, size: this.size };
  }
}

export type InspectedType = FileType;
