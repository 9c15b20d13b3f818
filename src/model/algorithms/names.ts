// The algorithm names a scenario may use; the registry in index.ts maps each to its implementation.

export const ALGORITHM_NAMES = ['round-robin', 'least-outstanding', 'random'] as const;
