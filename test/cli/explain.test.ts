// `lbsim explain` as a user meets it: exit 0 with a narrative, exit 2 with a message for selectors
// the run cannot answer, JSON with a fixed key order, and a bounded probe list on long windows.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainRun, parseSelector } from '../../src/cli/commands/explain-command.js';
import { main } from '../../src/cli/program/program.js';
import { lbsimArgv, repo } from '../helpers/cli.js';
import { fault, instance, setup } from '../helpers/setup.js';

const seed = join(repo, 'scenarios/seed-elb-health-check.json');

/** Runs the command line in this process and captures what it prints. */
function lbsim(...args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: main(args), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('lbsim explain: exit codes', () => {
  it('exits 0 with the incident list when no selector is given', () => {
    const run = lbsim('explain', seed);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('#1 2m42s-6m32s  503 NoHealthyInstances  2,361 requests  i-1, i-2');
    expect(run.stdout).toContain('--incident N');
  });

  it('exits 0 with a narrative for --incident, --at and --request', () => {
    const incident = lbsim('explain', seed, '--incident', '2');
    expect(incident.code).toBe(0);
    expect(incident.stdout).toContain('2m42s i-1 fail (timeout, 5s)  <- moved the belief: OutOfService');
    const moment = lbsim('explain', seed, '--at', '2m50s');
    expect(moment.code).toBe(0);
    expect(moment.stdout).toContain('At 2m50s');
    const request = lbsim('explain', seed, '--request', '1201');
    expect(request.code).toBe(0);
    expect(request.stdout).toContain('Request 1201  GET /example');
  });

  it('exits 2 naming how many incidents there are', () => {
    const run = lbsim('explain', seed, '--incident', '3');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--incident: no incident 3; this run has 2 incidents (1 to 2)');
    expect(run.stdout).toBe('');
  });

  it('exits 2 for two selectors, before loading or running anything', () => {
    const run = lbsim('explain', join(repo, 'no-such-file.json'), '--incident', '1', '--at', '2m');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('give one of --incident, --at and --request, not --incident and --at');
  });

  it('exits 2 for a time that is not a time, or outside the run', () => {
    const bad = lbsim('explain', seed, '--at', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--at: expected a time such as 2m30s, 150s or 150, got "soon"');
    const late = lbsim('explain', seed, '--at', '11m');
    expect(late.code).toBe(2);
    expect(late.stderr).toContain('--at: "11m" is outside the run (from 0s to 10m)');
    expect(lbsim('explain', seed, '--at', '10m').code).toBe(0);
  });

  it('exits 2 for a request id that never arrived, with the valid range', () => {
    const unknown = lbsim('explain', seed, '--request', '99999');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--request: no request 99999 arrived; ids run from 1 to 6038');
    expect(lbsim('explain', seed, '--request', '0').code).toBe(2);
  });

  it('exits 0 for a request that arrived but was unanswered when the run ended', () => {
    // Cut at 2m30s, requests sent to the hung instances are still waiting out the idle timeout.
    const run = lbsim('explain', seed, '--duration', '2m30s', '--request', '1190');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Request 1190 arrived but was still waiting for an answer when the run ended at 2m30s');
    expect(lbsim('explain', seed, '--duration', '2m30s', '--request', '1423').stderr).toContain('ids run from 1 to 1422');
  });

  it('exits 2 with the scenario errors for an invalid file, and applies --duration', () => {
    expect(lbsim('explain', join(repo, 'no-such-file.json')).code).toBe(2);
    const shorter = lbsim('explain', seed, '--duration', '2m', '--format', 'json');
    expect(shorter.code).toBe(0);
    expect(JSON.parse(shorter.stdout).incidents).toEqual([]);
  });

  it('prints no stack trace from the real executable', () => {
    const child = spawnSync(process.execPath, lbsimArgv('explain', seed, '--request', 'x'), { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(child.status).toBe(2);
    expect(child.stderr).toContain('--request: expected a request id such as 1201, got "x"');
    expect(child.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('lbsim explain --format json', () => {
  const json = (...args: string[]) => JSON.parse(lbsim('explain', seed, ...args, '--format', 'json').stdout) as Record<string, unknown>;

  it('keeps a fixed key order for each kind of explanation', () => {
    expect(Object.keys(json())).toEqual(['scenario', 'seed', 'incidents', 'hint']);
    expect(Object.keys(json('--incident', '2'))).toEqual(['scenario', 'seed', 'profile', 'incident', 'summary', 'faults', 'probes', 'passive', 'nodes', 'beliefs', 'detection', 'exposed', 'measured', 'shorter']);
    expect(Object.keys(json('--at', '150'))).toEqual(['scenario', 'seed', 'profile', 'at', 'instances', 'newRequest']);
    expect(Object.keys(json('--request', '1201'))).toEqual(['scenario', 'seed', 'profile', 'request', 'instance', 'pool', 'node', 'fault', 'probes', 'why']);
  });

  it('carries the same content as the text', () => {
    const incident = json('--incident', '2') as { detection: { lag: number }; probes: { results: Array<{ movedTo: string | null }> } };
    expect(incident.detection.lag).toBe(41.760746);
    expect(incident.probes.results.filter((probe) => probe.movedTo === 'OutOfService')).toHaveLength(2);
    const moment = json('--at', '150s') as { at: number; newRequest: { status: number } };
    expect(moment).toMatchObject({ at: 150, newRequest: { status: 504 } });
  });
});

describe('explainRun: the filtering runs', () => {
  it('parses the selector forms', () => {
    expect(parseSelector({})).toEqual({ kind: 'list' });
    expect(parseSelector({ at: '2m30s' })).toEqual({ kind: 'at', atMs: 150_000, text: '2m30s' });
    expect(parseSelector({ at: '150' })).toMatchObject({ atMs: 150_000 });
    expect(parseSelector({ incident: '2' })).toEqual({ kind: 'incident', number: 2 });
    expect(() => parseSelector({ incident: '-1' })).toThrow(/--incident/);
  });

  it('keeps only the first and last probes of a long, never-detected incident window', () => {
    // The health endpoint lies while traffic gets unparsable answers for an hour: the balancer never notices.
    const lying = setup({
      durationMs: 3_600_000,
      instances: [instance('i-1')],
      healthCheck: { ...setup().healthCheck, intervalMs: 5_000, timeoutMs: 2_000 },
      events: [fault(0, 10_000, 'health-lie', ['i-1']), fault(1, 10_000, 'malformed', ['i-1'], { params: { probability: 0.5 } })],
    });
    const explanation = explainRun(lying, { kind: 'incident', number: 1 }).json as { probes: { omitted: number; results: Array<{ t: number }> } };
    expect(explanation.probes.results).toHaveLength(80);
    expect(explanation.probes.omitted).toBeGreaterThan(600);
    const times = explanation.probes.results.map((probe) => probe.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeLessThan(15);
    expect(times.at(-1)).toBeGreaterThan(3_500);
  });
});
