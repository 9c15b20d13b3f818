// `lbsim live` as a user runs it: a short scenario played on loopback at a speed, the report in
// run's shape (text and JSON), --check against the simulation, refusals of speeds one machine
// cannot send, and Ctrl-C stopping early with the report of what ran.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsim, lbsimArgv, repo } from '../helpers/cli.js';
import { tinyScenario, workDir, writeScenario } from '../helpers/tiny-scenarios.js';

const dir = workDir('lbsim-live-');
/** 40 scenario seconds at speed 10: four real seconds; i-1 crashes at 10 s. */
const file = writeScenario(dir, 'live.json', tinyScenario({ Duration: '40s', Traffic: { Rate: 10 }, Events: [{ At: '10s', Instance: 'i-1', Fault: 'crash' }], Expect: [] }));

describe('lbsim live', () => {
  it('plays the scenario and prints the report in run\'s shape, in scenario time', () => {
    const { code, stdout, stderr } = lbsim('live', file, '--speed', '10');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^lbsim \| scenario tiny \| balancer tiny-lb \| profile aws-clb/);
    expect(stdout).toMatch(/seed 3 \| 40s live at 10x speed \(\d+(\.\d+)?s real\)/);
    expect(stdout).toContain('Health, one column per');
    expect(stdout).toMatch(/i-1 actual +█+·+/);
  });

  // One reported second try, as the agreement tests have: a machine pause (the real balancers of the
  // differential tests run beside this file) can lift one run's mean latency past the tolerance.
  it('--format json --check: the run summary with live facts and the agreement with the simulation', { retry: 1 }, ({ task }) => {
    if (task.result?.retryCount) console.info('lbsim live --check: second try (the first disagreed)');
    const { code, stdout } = lbsim('live', file, '--speed', '10', '--format', 'json', '--check');
    const summary = JSON.parse(stdout);
    expect(summary.live).toMatchObject({ speed: 10 });
    expect(summary.live.sent).toBeGreaterThan(300);
    // 100 real req/s: a busy machine (other tests running) may send a few late, never many.
    expect(summary.live.late).toBeLessThan(summary.live.sent * 0.05);
    expect(summary.requests.total).toBeGreaterThan(300);
    const names = summary.agreement.map((check: { name: string }) => check.name);
    expect(names).toEqual(expect.arrayContaining(['reasons and statuses', 'gateway errors', 'requests', 'mean latency', 'health of i-1']));
    const failed = summary.agreement.filter((check: { passed: boolean }) => !check.passed);
    expect(failed).toEqual([]);
    expect(code).toBe(0);
  });

  it('refuses a speed above the machine\'s rate, naming the fastest that works, and bad speeds', () => {
    const tooFast = lbsim('live', file, '--speed', '100');
    expect(tooFast.code).toBe(2);
    expect(tooFast.stderr).toMatch(/peak rate of 10 req\/s becomes 1,000 real req\/s; one machine plays at most \d+ here .*use --speed \d+ or less/);
    for (const bad of ['0', '-1', 'fast', '5000']) {
      const result = lbsim('live', file, '--speed', bad);
      expect(result.code, bad).toBe(2);
      expect(result.stderr).toContain('--speed: expected a number above 0 and at most 1000');
    }
  });

  // The CLI sets the exit code and returns: it exits only when no socket, timer or child is left open.
  it('stops on Ctrl-C: exit 130, everything closed, the report covers the time that ran', async () => {
    const child = spawn(process.execPath, lbsimArgv('live', file, '--speed', '2'), { cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    await new Promise((resolve) => setTimeout(resolve, 4000));
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toMatch(/stopped early; the report covers the first \d+ s of scenario time/);
    expect(stdout).toMatch(/seed 3 \| \d+s live at 2x speed/);
  }, 30_000);
});
