// `lbsim serve` as a user starts it: it prints its address and the rules it enforces, answers an
// --allow-host name, stops cleanly on SIGTERM; bad options are usage errors (exit 2) before it listens.

import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsimArgv, repo } from '../helpers/cli.js';
import { lbsimIn } from '../helpers/in-process.js';

function getStatus(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('lbsim serve', () => {
  it('prints its address and rules, answers an --allow-host name, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, lbsimArgv('serve', '--port', '0', '--allow-host', 'lbsim.internal', '--run-timeout', '30s'), {
      cwd: repo,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => out.includes('runs:'), { timeout: 30_000 }).toBe(true);
      const address = /lbsim serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(address).toBeDefined();
      expect(out).toContain('listens on 127.0.0.1 only');
      expect(out).toContain('localhost, 127.0.0.1, [::1], lbsim.internal');
      expect(out).toContain(join(repo, 'scenarios'));
      expect(out).toContain('stopped if the client leaves; at most 30 s each');
      expect(await getStatus(`${address}/api/scenarios`, 'lbsim.internal')).toBe(200);
      expect(await getStatus(`${address}/api/scenarios`, 'evil.example')).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);

  it.each([
    [['--allow-host', 'evil.example:80'], '--allow-host'],
    [['--allow-host', 'http://x'], '--allow-host'],
    [['--files', join(repo, 'no-such-folder')], '--files'],
    [['--files', join(repo, 'package.json')], '--files'],
    [['--run-timeout', '0'], '--run-timeout'],
    [['--run-timeout', 'soon'], '--run-timeout'],
    [['--port', '70000'], '--port'],
  ])('refuses %j with exit 2 before listening', async (args, flag) => {
    const result = await lbsimIn('serve', ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(flag);
    expect(result.stdout).not.toContain('lbsim serve:');
  });
});
