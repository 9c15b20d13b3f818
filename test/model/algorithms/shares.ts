// Share checks for the weighted tests: count picks per candidate, and the tolerance a share of
// independent draws needs (a conservative 5 binomial standard deviations).

export function countPicks(n: number, picks: number, pick: () => number): number[] {
  const counts = new Array<number>(n).fill(0);
  for (let k = 0; k < picks; k++) counts[pick()]!++;
  return counts;
}

/**
 * The share of `picks` independent draws that land on a candidate of probability p has standard
 * deviation sqrt(p(1−p)/picks); 5 of them is exceeded with probability below 10⁻⁶.
 */
export function shareTolerance(p: number, picks: number): number {
  return 5 * Math.sqrt((p * (1 - p)) / picks);
}
