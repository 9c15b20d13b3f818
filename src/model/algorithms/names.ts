// The algorithm names a scenario may use; the registry in index.ts maps each to its implementation.

export const ALGORITHM_NAMES = [
  'round-robin',
  'weighted-round-robin',
  'least-outstanding',
  'power-of-two-choices',
  'random',
  'weighted-random',
  'consistent-hash',
  'maglev',
] as const;

/** least-outstanding's `Choices` range: 2 is power-of-two-choices; more than 20 is nearly a full scan. */
export const CHOICES_MIN = 2;
export const CHOICES_MAX = 20;
