// Runs the lbsim command line as a user does: a child process on the compiled CLI (the package's bin;
// test/support/build-cli.ts compiles it before the tests), plain text (NO_COLOR), exit code and both
// streams captured. Shared by the CLI tests.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repo = join(import.meta.dirname, '..', '..');

/** node's arguments that start the lbsim CLI with `args`, for tests that spawn it themselves (signals, streams). */
export const lbsimArgv = (...args: string[]): string[] => [join(repo, 'dist/cli/main.js'), ...args];

export function lbsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, lbsimArgv(...args), {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
