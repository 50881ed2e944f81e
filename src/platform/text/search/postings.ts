/**
 * One term's postings: the document slots holding it and, per slot, how often it occurs in each field.
 * Typed arrays grown by doubling: 100,000 tickets hold millions of postings, which as JavaScript objects
 * would cost ten times the memory and far more time in the garbage collector.
 */
export class PostingList {
  slots: Int32Array;
  /** `fieldCount` counts per posting, saturating at 65,535. */
  counts: Uint16Array;
  length = 0;

  constructor(
    readonly fieldCount: number,
    capacity = 2,
  ) {
    this.slots = new Int32Array(capacity);
    this.counts = new Uint16Array(capacity * fieldCount);
  }

  push(slot: number, counts: ArrayLike<number>): void {
    if (this.length === this.slots.length) this.grow(this.slots.length * 2);
    this.slots[this.length] = slot;
    const base = this.length * this.fieldCount;
    for (let field = 0; field < this.fieldCount; field++) this.counts[base + field] = Math.min(65_535, counts[field] ?? 0);
    this.length++;
  }

  /** Keeps only the postings whose slot passes, mapping it to its new number (compaction after removals). */
  retain(newSlotOf: (slot: number) => number): void {
    let kept = 0;
    for (let index = 0; index < this.length; index++) {
      const slot = newSlotOf(this.slots[index]!);
      if (slot < 0) continue;
      this.slots[kept] = slot;
      this.counts.copyWithin(kept * this.fieldCount, index * this.fieldCount, (index + 1) * this.fieldCount);
      kept++;
    }
    this.length = kept;
  }

  /** Drops spare capacity (after bulk loading, or before serialising). */
  trim(): void {
    if (this.slots.length > this.length) this.grow(Math.max(1, this.length));
  }

  private grow(capacity: number): void {
    const slots = new Int32Array(capacity);
    slots.set(this.slots.subarray(0, Math.min(this.length, capacity)));
    const counts = new Uint16Array(capacity * this.fieldCount);
    counts.set(this.counts.subarray(0, Math.min(this.length, capacity) * this.fieldCount));
    this.slots = slots;
    this.counts = counts;
  }
}
