// `lbsim run --access-log` and `--log-requests` as a user meets them: one access-log line per
// request event, byte-identical logs for the same seed, and bad flags refused with exit 2.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsim, repo } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'lbsim-access-log-'));
const scenario = join(repo, 'scenarios/seed-elb-health-check.json');
/** The seed ELB without an Expect block, so a shortened run still exits 0. */
const seedFixture = join(repo, 'test/fixtures/seed-elb.json');


const lines = (path: string) => readFileSync(path, 'utf8').trimEnd().split('\n');

describe('lbsim run --access-log', () => {
  it('writes one line per request event, in the same order, with the same status', () => {
    const log = join(work, 'with-events.log');
    const events = join(work, 'with-requests.ndjson');
    expect(lbsim('run', scenario, '--format', 'json', '--access-log', log, '--events', events, '--log-requests').code).toBe(0);
    const requests = lines(events).map((line) => JSON.parse(line)).filter((event) => event.type === 'request');
    const entries = lines(log);
    expect(requests.length).toBeGreaterThan(1_000);
    expect(entries).toHaveLength(requests.length);
    entries.forEach((entry, i) => expect(entry.split(' ')[7], entry).toBe(String(requests[i].status)));
    const statuses = new Set(entries.map((entry) => entry.split(' ')[7]));
    expect([...statuses].sort()).toEqual(['200', '503', '504']);
    expect(entries[0]).toMatch(/^2026-01-01T00:00:\d\d\.\d{6}Z my-load-balancer 10\.0\.0\.1:1024 i-\d:80 0\.000000 \d+\.\d{6} 0\.000000 200 200 0 0 "(GET|POST) http:\/\/my-load-balancer:80\/\S+ HTTP\/1\.1" "lbsim" - -$/);
    expect(entries.find((entry) => entry.includes(' 504 '))).toMatch(/ - -1 -1 -1 504 - 0 0 "/);
    expect(entries.find((entry) => entry.includes(' 503 '))).toMatch(/ - -1 -1 -1 503 - 0 0 "/);
  });

  it('leaves request events out of --events without --log-requests, and still writes the access log', () => {
    const log = join(work, 'alone.log');
    const events = join(work, 'no-requests.ndjson');
    expect(lbsim('run', seedFixture, '--format', 'json', '--duration', '1m', '--access-log', log, '--events', events).code).toBe(0);
    expect(readFileSync(events, 'utf8')).not.toContain('"type":"request"');
    expect(lines(log).length).toBeGreaterThan(400);
  });

  it('writes the same bytes for the same seed and different bytes for another', () => {
    const [a, b, c] = ['a.log', 'b.log', 'c.log'].map((name) => join(work, name));
    expect(lbsim('run', scenario, '--format', 'json', '--access-log', a!).code).toBe(0);
    expect(lbsim('run', scenario, '--format', 'json', '--access-log', b!).code).toBe(0);
    expect(lbsim('run', scenario, '--format', 'json', '--access-log', c!, '--seed', '2').code).toBe(0);
    const first = readFileSync(a!, 'utf8');
    expect(readFileSync(b!, 'utf8')).toBe(first);
    expect(readFileSync(c!, 'utf8')).not.toBe(first);
  });

  it('starts the clock at --access-log-start, offsets converted to UTC', () => {
    const log = join(work, 'start.log');
    expect(lbsim('run', seedFixture, '--format', 'json', '--duration', '10s', '--access-log', log, '--access-log-start', '2024-02-29T12:00:00+02:00').code).toBe(0);
    expect(lines(log)[0]).toMatch(/^2024-02-29T10:00:00\.\d{6}Z /);
  });

  it('refuses a bad --access-log-start with exit 2 and a clear message, before creating the log', () => {
    for (const value of ['yesterday', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00', '2026-01-01T25:00:00Z', '9999-12-31T23:59:00Z']) {
      const log = join(work, 'never.log');
      const run = lbsim('run', scenario, '--access-log', log, '--access-log-start', value);
      expect(run.code, value).toBe(2);
      expect(run.stderr).toContain(`--access-log-start: `);
      expect(run.stderr).toContain(`got "${value}"`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
      expect(existsSync(log)).toBe(false);
    }
  });

  it('refuses an unwritable --access-log path, and flags that lack the file they modify', () => {
    const missing = join(work, 'no-such-dir', 'access.log');
    const run = lbsim('run', scenario, '--access-log', missing);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--access-log: cannot write "${missing}": its directory does not exist`);
    const orphanFlag = lbsim('run', scenario, '--log-requests');
    expect(orphanFlag.code).toBe(2);
    expect(orphanFlag.stderr).toContain('--log-requests: needs --events FILE');
    const orphanStart = lbsim('run', scenario, '--access-log-start', '2026-01-01');
    expect(orphanStart.code).toBe(2);
    expect(orphanStart.stderr).toContain('--access-log-start: needs --access-log FILE');
  });
});

describe('output files', () => {
  it('refuses the same file for --events and --access-log', () => {
    const same = join(work, 'same.log');
    const run = lbsim('run', seedFixture, '--duration', '30s', '--events', same, '--access-log', same);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--events and --access-log: give them different files');
  });
});
