// The command line as a user meets it: exit codes, messages on stderr, never a stack trace,
// byte-identical event logs for the same seed, and unusable input refused before the run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsim, repo } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'lbsim-cli-'));


const seedFixture = join(repo, 'test/fixtures/seed-elb.json');

describe('lbsim CLI', () => {
  it('prints help and version with exit 0', () => {
    const help = lbsim('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('run [options] <file>');
    expect(help.stdout).toContain('validate');
    const version = lbsim('--version');
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version);
  });

  it('runs the seed document\'s ELB JSON unchanged and prints the seed', () => {
    const run = lbsim('run', seedFixture, '--duration', '2m');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('balancer my-load-balancer');
    expect(run.stdout).toContain('seed 1');
    expect(run.stdout).toContain('2 instances');
  });

  it('writes the same event log bytes for the same seed, and different bytes for another', () => {
    const scenario = join(repo, 'scenarios/seed-elb-health-check.json');
    const a = join(work, 'a.ndjson');
    const b = join(work, 'b.ndjson');
    const c = join(work, 'c.ndjson');
    expect(lbsim('run', scenario, '--format', 'json', '--events', a).code).toBe(0);
    expect(lbsim('run', scenario, '--format', 'json', '--events', b).code).toBe(0);
    expect(lbsim('run', scenario, '--format', 'json', '--events', c, '--seed', '2').code).toBe(0);
    const first = readFileSync(a, 'utf8');
    expect(first.split('\n').length).toBeGreaterThan(100);
    expect(readFileSync(b, 'utf8')).toBe(first);
    expect(readFileSync(c, 'utf8')).not.toBe(first);
    const types = new Set(first.trim().split('\n').map((line) => JSON.parse(line).type));
    expect([...types].sort()).toEqual(['fault', 'gateway-error', 'health', 'health-check', 'incident']);
  });

  it('prints the JSON summary with the keys scripts rely on', () => {
    const run = lbsim('run', join(repo, 'scenarios/seed-elb-health-check.json'), '--format', 'json');
    const summary = JSON.parse(run.stdout);
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(['scenario', 'seed', 'profile', 'duration', 'requests', 'statusCounts', 'gatewayErrors', 'latency', 'instances', 'incidents', 'expectations']));
    expect(summary.gatewayErrors.byReason.NoHealthyInstances.status).toBe(503);
    expect(summary.incidents[0]).toEqual(expect.objectContaining({ start: expect.any(Number), cause: expect.any(String), detectedAt: expect.any(Number) }));
  });

  it('exits 1 and says which expectation failed', () => {
    const file = join(work, 'failing.json');
    const scenario = JSON.parse(readFileSync(join(repo, 'scenarios/seed-elb-health-check.json'), 'utf8'));
    scenario.Expect = [{ Name: 'no gateway errors', Metric: 'gatewayErrors.total', Equals: 0 }];
    writeFileSync(file, JSON.stringify(scenario, null, 2));
    const run = lbsim('run', file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+no gateway errors/);
  });

  it('exits 2 with every error, positions included, and no stack trace', () => {
    const file = join(work, 'bad.json');
    writeFileSync(file, '{\n  "LoadBalancerName": "x",\n  "Listeners": [],\n  "HealthCheck": { "Interval": 3 }\n}\n');
    const run = lbsim('run', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:3:16 Listeners: must not be empty`);
    expect(run.stderr).toContain(`${file}:4:32 HealthCheck.Interval: out of range for aws-clb (expected 5–300 seconds, got 3)`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a missing file, a bad flag value and an unknown command', () => {
    expect(lbsim('run', join(work, 'nope.json')).stderr).toContain('file not found');
    expect(lbsim('run', join(work, 'nope.json')).code).toBe(2);
    const badSeed = lbsim('run', seedFixture, '--seed', 'abc');
    expect(badSeed.code).toBe(2);
    expect(badSeed.stderr).toContain('--seed: expected a whole number');
    expect(lbsim('run', seedFixture, '--format', 'xml').code).toBe(2);
    expect(lbsim('frobnicate').code).toBe(2);
  });

  it('validate reports each file and exits 2 when any is invalid', () => {
    const ok = lbsim('validate', seedFixture, join(repo, 'scenarios/crash-caught-by-health-checks.json'));
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(2);
    const mixed = lbsim('validate', seedFixture, join(work, 'nope.json'));
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('1 of 2 files are invalid');
  });

  it('refuses an --events path it cannot open with exit 2, before the simulation starts', () => {
    const missingDir = join(work, 'no-such-dir', 'events.ndjson');
    const missing = lbsim('run', seedFixture, '--events', missingDir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--events: cannot write "${missingDir}": its directory does not exist`);
    expect(missing.stderr).not.toMatch(/\n\s+at |ENOENT/);
    // No report: the run never started.
    expect(missing.stdout).toBe('');
    const dir = join(work, 'a-directory');
    mkdirSync(dir, { recursive: true });
    const directory = lbsim('run', seedFixture, '--events', dir);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain(`--events: cannot write "${dir}": it is a directory`);
    expect(directory.stderr).not.toMatch(/\n\s+at |EISDIR/);
  });

  it('does not create or truncate the --events file when the scenario is invalid', () => {
    const events = join(work, 'untouched.ndjson');
    expect(lbsim('run', join(work, 'nope.json'), '--events', events).code).toBe(2);
    expect(existsSync(events)).toBe(false);
  });

  it('exits 2 for a --seed beyond the safe integers and a --duration beyond 30 days', () => {
    const seed = lbsim('run', seedFixture, '--seed', '99999999999999999999');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain('--seed: expected a whole number from 0 to 9007199254740991, got "99999999999999999999"');
    const duration = lbsim('run', seedFixture, '--duration', '31d');
    expect(duration.code).toBe(2);
    expect(duration.stderr).toContain('--duration: out of range (expected a duration > 0 and ≤ 30d, got "31d")');
    expect(lbsim('run', seedFixture, '--seed', String(Number.MAX_SAFE_INTEGER), '--duration', '1m').code).toBe(0);
  });

  it('rejects an unknown Expect metric at load, on run and on validate, with a suggestion', () => {
    const file = join(work, 'bad-metric.json');
    const scenario = JSON.parse(readFileSync(join(repo, 'scenarios/seed-elb-health-check.json'), 'utf8'));
    scenario.Expect = [{ Metric: 'gatewayErrors.totl', Max: 0 }];
    writeFileSync(file, JSON.stringify(scenario, null, 2));
    for (const command of ['run', 'validate']) {
      const result = lbsim(command, file);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Expect\[0\]\.Metric: unknown metric "gatewayErrors\.totl"; did you mean "gatewayErrors\.total"\?/);
      expect(result.stdout).toBe('');
    }
  });

  it('exits 2 with one line for a file nested 200,000 levels deep, and for an absurd Rate', () => {
    const deep = join(work, 'deep.json');
    writeFileSync(deep, `{"LoadBalancerName": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    const nested = lbsim('validate', deep);
    expect(nested.code).toBe(2);
    expect(nested.stderr.trim().split('\n')).toEqual([`${deep}:1:85 LoadBalancerName[0][0][0][0][0]…: nested too deeply (expected at most 64 levels, got 200001)`]);
    const fast = join(work, 'fast.json');
    writeFileSync(fast, JSON.stringify({ ...JSON.parse(readFileSync(seedFixture, 'utf8')), Traffic: { Rate: 1e12 } }));
    const rate = lbsim('run', fast);
    expect(rate.code).toBe(2);
    expect(rate.stderr).toContain('Traffic.Rate: out of range (expected a number > 0 and ≤ 10,000,000 requests per second, got 1000000000000)');
  });
});
