// Vitest global setup: compiles src/ to dist/ (tsconfig.build.json, incremental: seconds when little
// changed) before any test runs, so the CLI tests start `node dist/cli/main.js` as the installed
// `lbsim` bin does, instead of compiling the TypeScript sources again in every child process.

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '..', '..');

export default function buildCli(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(repo, 'tsconfig.build.json')], { cwd: repo, stdio: 'inherit' });
}
