// Headless Chromium for the real-browser tests: Debian's `chromium` (installed by .ci/run), driven
// by playwright-core, which downloads no browser of its own. Missing browser: skip with a reason
// locally, fail under CI, where the tests must run.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.LBSIM_CHROMIUM ?? '/usr/bin/chromium';
export const artifactsDir = join(import.meta.dirname, '..', '..', 'test-artifacts');

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  return existsSync(CHROMIUM_PATH) ? null : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set LBSIM_CHROMIUM)`;
}

/** True when the browser tests should be skipped; prints why. Under CI a missing browser is a failure instead. */
export function skipBrowserTests(): boolean {
  const reason = browserMissing();
  if (reason === null || process.env.CI === 'true') return false;
  process.stdout.write(`browser tests skipped: ${reason}\n`);
  return true;
}

/** `extraArgs`: more Chromium switches, such as `--host-resolver-rules` to give a test host name an address. */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const reason = browserMissing();
  if (reason !== null) throw new Error(`browser tests cannot run: ${reason}`);
  // Root (as in CI) cannot use Chromium's sandbox; the pages are our own files.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', ...extraArgs] });
}

export function artifactPath(name: string): string {
  mkdirSync(artifactsDir, { recursive: true });
  return join(artifactsDir, name);
}
