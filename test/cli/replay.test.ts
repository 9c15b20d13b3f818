// `lbsim run` on a replay scenario: the report names the log, stderr accounts for the lines read
// and shows the first bad ones; a log that cannot be used is exit 2 with file (and line), no stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lbsimIn } from '../helpers/in-process.js';
import { fixturesDir, replayScenarioText } from '../replay/replay-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-replay-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(name: string, replay: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, replayScenarioText(replay, { Duration: '10s' }));
  return path;
}

describe('lbsim run with Traffic.Replay', () => {
  it('replays the log and says what it read', async () => {
    const path = scenario('clb.json', { File: join(fixturesDir, 'clb.log'), Format: 'clb' });
    const { code, stdout, stderr } = await lbsimIn('run', path);
    expect(code).toBe(0);
    expect(stdout).toContain(`replay of ${join(fixturesDir, 'clb.log')} (clb)`);
    expect(stdout).toContain('Requests 4 ');
    expect(stderr).toBe('replay: 4 requests replayed from 4 log lines; 1 answered by the balancer in the log (no instance time)\n');
  });

  it('shows bad lines with file and line and goes on', async () => {
    writeFileSync(join(dir, 'mixed.log'), 'http 2018-07-02T22:23:00.186641Z broken\n' + (await import('node:fs')).readFileSync(join(fixturesDir, 'alb.log'), 'utf8'));
    const { code, stderr } = await lbsimIn('run', scenario('mixed.json', { File: 'mixed.log', Format: 'alb' }));
    expect(code).toBe(0);
    expect(stderr).toContain(`replay: 1 bad line skipped:\n  ${join(dir, 'mixed.log')}:1: expected at least 13 fields (ALB access log), found 3\n`);
  });

  it('exits 2 on a log with no valid line or a missing one', async () => {
    writeFileSync(join(dir, 'junk.log'), 'junk\n');
    const junk = await lbsimIn('run', scenario('junk.json', { File: 'junk.log', Format: 'haproxy' }));
    expect(junk.code).toBe(2);
    expect(junk.stderr).toContain(`${join(dir, 'junk.log')}: no valid haproxy access-log line\n`);
    const missing = await lbsimIn('run', scenario('missing.json', { File: 'nope.log.gz', Format: 'alb' }));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(dir, 'nope.log.gz')}: file not found\n`);
    expect(missing.stderr).not.toContain('    at ');
  });
});

describe('lbsim live with Traffic.Replay', () => {
  it('refuses with the reason, exit 2, before opening a socket', async () => {
    const path = scenario('live.json', { File: join(fixturesDir, 'clb.log'), Format: 'clb' });
    const { code, stderr } = await lbsimIn('live', path);
    expect(code).toBe(2);
    expect(stderr).toContain('Traffic.Replay is not played live: the live load generator draws arrivals from Rate and Pattern and does not read access logs');
  });
});
