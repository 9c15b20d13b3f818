// The fault names a scenario's `Events` may use; the registry in index.ts maps each to its effect.

export const FAULT_NAMES = ['crash', 'hang', 'slow', 'errors', 'recover'] as const;
