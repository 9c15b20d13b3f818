// The fault names a scenario's `Events` may use; the registry in index.ts maps each to its effect.
// New names go at the end: the order is what `expected one of …` lists in validation messages.

export const FAULT_NAMES = ['crash', 'hang', 'slow', 'errors', 'recover', 'reset', 'malformed', 'health-fail', 'health-lie', 'overload', 'blackhole', 'register', 'deregister', 'deploy'] as const;
