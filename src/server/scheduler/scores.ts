/** The largest of `scores` and `floor` (no spread: a cycle scores hundreds of nodes). */
export function maxOf(scores: readonly number[], floor = 0): number {
  let max = floor;
  for (const s of scores) if (s > max) max = s;
  return max;
}

/** The smallest of `scores` (Infinity when empty). */
export function minOf(scores: readonly number[]): number {
  let min = Infinity;
  for (const s of scores) if (s < min) min = s;
  return min;
}
