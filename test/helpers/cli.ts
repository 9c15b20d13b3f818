// Runs the lbsim command line as a user does: a child process on the TypeScript sources, plain
// text (NO_COLOR), exit code and both streams captured. Shared by the CLI tests.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repo = join(import.meta.dirname, '..', '..');

export function lbsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/main.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}
