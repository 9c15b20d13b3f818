// `lbsim test` as CI meets it: a table and exit 0 when every assertion holds, 1 when one fails, 2
// with every error of every file when any is invalid (nothing run); JUnit XML; seeds and quantiles.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsim } from '../helpers/cli.js';
import { lbsimIn } from '../helpers/in-process.js';
import { tinyScenario, workDir, writeScenario } from '../helpers/tiny-scenarios.js';

const work = workDir('lbsim-test-');
const suite = join(work, 'suite');
mkdirSync(join(suite, 'nested'), { recursive: true });
writeScenario(suite, 'a.json', tinyScenario());
writeScenario(join(suite, 'nested'), 'b.json', tinyScenario({ Name: 'b', Expect: [{ Metric: 'instances.i-2.requests', Min: 1 }] }));
writeScenario(suite, 'no-expect.json', tinyScenario({ Name: 'plain', Expect: undefined }));
writeScenario(suite, 'schema.json', '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}');

describe('lbsim test', () => {
  it('runs a folder: one row per assertion, skips schema.json, exit 0, JUnit XML with escaped names', async () => {
    const junit = join(work, 'junit.xml');
    const run = lbsim('test', suite, '--junit', junit, '--jobs', '2');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^scenario +assertion +expected +actual +result$/m);
    expect(run.stdout).toMatch(/a\.json +traffic <arrived> & "counted" \(requests\.total\) +>= 1000 +\d+ +pass/);
    expect(run.stdout).toMatch(/nested\/b\.json +instances\.i-2\.requests +>= 1 +\d+ +pass/);
    expect(run.stdout).toMatch(/no-expect\.json +\(no Expect block\) +skip/);
    expect(run.stdout).not.toContain('schema.json');
    expect(run.stdout).toContain('3 assertions in 2 scenarios: 3 passed, 0 failed');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="lbsim test" tests="4" failures="0" errors="0" skipped="1" time="[\d.]+">/);
    expect(xml).toContain('name="traffic &lt;arrived&gt; &amp; &quot;counted&quot; (requests.total) &gt;= 1000"');
    expect(xml.match(/<testcase /g)).toHaveLength(4);
  });

  it('exits 1 with FAIL rows and JUnit failures when an assertion fails', async () => {
    const file = writeScenario(work, 'failing.json', tinyScenario({ Expect: [{ Name: 'few requests', Metric: 'requests.total', Max: 10 }] }));
    const junit = join(work, 'failing.xml');
    const run = await lbsimIn('test', file, '--junit', junit, '--jobs', '1');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/few requests \(requests\.total\) +<= 10 +\d{3,} +FAIL/);
    expect(run.stdout).toContain('1 assertion in 1 scenario: 0 passed, 1 failed');
    expect(readFileSync(junit, 'utf8')).toMatch(/<failure message="requests\.total: expected &lt;= 10, got \d+; failed on seed 3 \(\d+\)" type="AssertionFailed">seed 3: \d+ failed<\/failure>/);
  });

  it('checks over seeds: every seed must hold, or the share --quantile states', async () => {
    const file = writeScenario(work, 'seeds.json', tinyScenario({ Expect: [{ Metric: 'seed', Max: 11 }] }));
    const all = await lbsimIn('test', file, '--seeds', '4', '--seed', '10', '--jobs', '1');
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/seed +<= 11 on all 4 seeds +10\.\.13, held on 2\/4 +FAIL/);
    const half = await lbsimIn('test', file, '--seeds', '4', '--seed', '10', '--quantile', '0.5', '--jobs', '1');
    expect(half.code).toBe(0);
    expect(half.stdout).toMatch(/seed +<= 11 on 2 of 4 seeds +10\.\.13, held on 2\/4 +pass/);
  });

  it('validates every file first: exit 2, every error of every file with its position, nothing run', async () => {
    const bad = writeScenario(work, 'bad.json', '{\n  "LoadBalancerName": "x",\n  "Listeners": [],\n  "HealthCheck": { "Interval": 3 }\n}\n');
    const typo = writeScenario(work, 'typo.json', JSON.stringify(tinyScenario({ Expect: [{ Metric: 'gatewayErrors.totl', Max: 1 }] }), null, 2));
    const run = lbsim('test', join(suite, 'a.json'), bad, typo, '--jobs', '1');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad}:3:16 Listeners: must not be empty`);
    expect(run.stderr).toContain(`${bad}:4:32 HealthCheck.Interval: out of range for aws-clb (expected 5–300 seconds, got 3)`);
    expect(run.stderr).toMatch(new RegExp(`${typo.replaceAll('/', '\\/')}:\\d+:\\d+ Expect\\[0\\]\\.Metric: unknown metric "gatewayErrors\\.totl"; did you mean "gatewayErrors\\.total"\\?`));
    expect(run.stderr).toContain('2 of 3 files are invalid; nothing was run');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('matches quoted globs, and exits 2 for a glob that matches nothing or a bad option', async () => {
    const glob = await lbsimIn('test', `${suite}/**/*.json`, '--jobs', '1');
    expect(glob.code).toBe(0);
    expect(glob.stdout).toContain('3 assertions in 2 scenarios');
    const none = await lbsimIn('test', `${work}/*.nothing`);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no scenario files match "${work}/*.nothing"`);
    for (const [flag, value, message] of [
      ['--seeds', '0', '--seeds: expected a whole number from 1 to 10000, got "0"'],
      ['--quantile', '1.5', '--quantile: expected a share of the seeds above 0 and at most 1'],
      ['--jobs', 'many', '--jobs: expected a whole number'],
    ] as const) {
      const run = await lbsimIn('test', suite, flag, value);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(message);
    }
  });

  it('documents its options', async () => {
    const help = await lbsimIn('test', '--help');
    expect(help.code).toBe(0);
    for (const option of ['--seeds <n>', '--quantile <q>', '--seed <n>', '--junit <file>', '--jobs <n>', 'Exit codes: 0 every assertion holds']) expect(help.stdout).toContain(option);
  });
});
