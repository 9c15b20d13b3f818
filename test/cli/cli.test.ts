// The command line as a user meets it: exit codes, messages on stderr, never a stack trace,
// byte-identical event logs for the same seed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'lbsim-cli-'));

function lbsim(...args: string[]) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'src/cli/main.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

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
    expect(run.stderr).toContain(`${file}:4:32 HealthCheck.Interval: out of range (expected 5–300 seconds, got 3)`);
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
});
