// Process exit codes, the contract scripts and CI rely on.

export const ExitCode = {
  ok: 0,
  expectationsFailed: 1,
  invalidInput: 2,
} as const;

/** A user mistake: printed as a message, never as a stack trace, and exits 2. */
export class UsageError extends Error {}
