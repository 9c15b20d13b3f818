#!/usr/bin/env node
// The `lbsim` executable: runs the command line and sets the exit code. Kept apart from
// program.ts so tests can call `main()` and `mainAsync()` without side effects.

import { mainAsync } from './program/program.js';

// A closed pipe (`lbsim run x | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await mainAsync(process.argv.slice(2));
