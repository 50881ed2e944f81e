/** A small, fast, seeded random generator (mulberry32): training and data splits are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates shuffle, in place. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}

/**
 * Splits items into a held-out share and the rest, label by label (each label keeps its proportion; a label
 * with one item stays in training). Deterministic for a seed.
 */
export function stratifiedSplit<T>(items: readonly T[], labelOf: (item: T) => string, share: number, seed: number): { train: T[]; heldOut: T[] } {
  const random = seededRandom(seed);
  const byLabel = new Map<string, T[]>();
  for (const item of items) {
    const label = labelOf(item);
    const list = byLabel.get(label);
    if (list) list.push(item);
    else byLabel.set(label, [item]);
  }
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const label of [...byLabel.keys()].sort()) {
    const list = shuffleInPlace(byLabel.get(label)!, random);
    const count = list.length < 2 ? 0 : Math.max(1, Math.round(list.length * share));
    heldOut.push(...list.slice(0, count));
    train.push(...list.slice(count));
  }
  return { train, heldOut };
}
