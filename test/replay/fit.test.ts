// `lbsim fit` recovers what a known synthetic scenario put into its access log: the Poisson rate,
// a rate step as a per-minute Pattern, and the service-time distribution and its parameters, within
// tolerances of 4 standard errors derived from the counts (each stated where it is used).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '../../src/model/run/events.js';
import { accessLogContext, formatAccessLogLine } from '../../src/report/machine/access-log.js';
import { fitFragment, fitLog } from '../../src/replay/fit/fit-log.js';
import { parseScenarioText } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { lbsimIn } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A run that never queues (ample workers), so each logged backend time is one service time. */
function logOf(name: string, traffic: object, serviceTime: object, minutes: number): string {
  const loaded = parseScenarioText(
    JSON.stringify({
      LoadBalancerName: 'fit',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }],
      Duration: `${minutes}m`,
      Seed: 5,
      Instances: [{ InstanceId: 'i', Count: 4, Concurrency: 10_000, Backlog: 0, ServiceTime: serviceTime }],
      Traffic: traffic,
    }),
    '<inline>',
  );
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  const lines: string[] = [];
  const context = accessLogContext(loaded.scenario.balancer, Date.UTC(2026, 0, 1));
  simulate(loaded.scenario, { sink: { emit: (e) => e.type === 'request' && lines.push(formatAccessLogLine(e as RequestEvent, context)) }, logRequests: true });
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

describe('lbsim fit recovers a known scenario', () => {
  const RATE = 50;
  const MINUTES = 10;
  const N = RATE * MINUTES * 60;

  it('a constant Poisson rate and a lognormal service time', async () => {
    const path = logOf('lognormal.log', { Rate: RATE }, { Distribution: 'lognormal', Mean: '40ms', Sigma: 0.5 }, MINUTES);
    const fit = await fitLog({ files: [path], format: 'clb', logFormat: null });
    // Rate: N/T has standard error √(λ/T) = √(50/600) = 0.29 req/s; 4 of them.
    expect(Math.abs(fit.rate.rate - RATE)).toBeLessThan(4 * Math.sqrt(RATE / (MINUTES * 60)));
    expect(fit.rate.varies).toBe(false);
    const best = fit.service.candidates[0]!;
    expect(best.fit.distribution).toBe('lognormal');
    if (best.fit.distribution !== 'lognormal') return;
    // σ̂ has standard error σ/√(2N); the mean exp(μ + σ²/2) relative error √(σ²/N + σ⁴/(2N)). Microsecond rounding in the log is 2.5e-5 of 40 ms.
    expect(Math.abs(best.fit.sigma - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(2 * N));
    expect(Math.abs(best.fit.meanMs / 40 - 1)).toBeLessThan(4 * Math.sqrt(0.25 / N + 0.0625 / (2 * N)));
    // KS distance of the right family on 20,000 sampled times: ~1/√n scale, far below the wrong ones.
    expect(best.ks).toBeLessThan(0.02);
    expect(fit.service.candidates[1]!.ks).toBeGreaterThan(0.05);
  });

  it('an exponential service time', async () => {
    const path = logOf('exponential.log', { Rate: RATE }, { Distribution: 'exponential', Mean: '80ms' }, MINUTES);
    const fit = await fitLog({ files: [path], format: 'clb', logFormat: null });
    const best = fit.service.candidates[0]!;
    expect(best.fit.distribution).toBe('exponential');
    // The MLE is the sample mean: standard error mean/√N.
    if (best.fit.distribution === 'exponential') expect(Math.abs(best.fit.meanMs - 80)).toBeLessThan((4 * 80) / Math.sqrt(N));
  });

  it('a rate step as a per-minute Pattern', async () => {
    const path = logOf('step.log', { Rate: 50, Pattern: [{ At: '5m', Rate: 150 }] }, { Distribution: 'constant', Value: '10ms' }, MINUTES);
    const fit = await fitLog({ files: [path], format: 'clb', logFormat: null });
    expect(fit.rate.varies).toBe(true);
    const fragment = fitFragment(fit) as { Traffic: { Rate: number; Pattern: Array<{ At: string; Rate: number }> }; ServiceTime: object };
    const rates = [fragment.Traffic.Rate, ...fragment.Traffic.Pattern.map((p) => p.Rate)];
    expect(fragment.Traffic.Pattern.map((p) => p.At)).toEqual(['1m', '2m', '3m', '4m', '5m', '6m', '7m', '8m', '9m']);
    // One minute's rate has standard error √(λ/60): 0.91 req/s at 50, 1.58 at 150; 4 of them.
    rates.forEach((rate, minute) => {
      const truth = minute < 5 ? 50 : 150;
      // The last minute ends at the last request, a fraction of a second early: its own length is used.
      expect(Math.abs(rate - truth), `minute ${minute}`).toBeLessThan(4 * Math.sqrt(truth / 60) + (minute === 9 ? 1 : 0));
    });
    expect(fragment.ServiceTime).toEqual({ Distribution: 'constant', Value: '10ms' });
  });

  it('prints the fragment on stdout and the fit on stderr, format detected', async () => {
    const path = logOf('cli.log', { Rate: 20 }, { Distribution: 'exponential', Mean: '30ms' }, 2);
    const { code, stdout, stderr } = await lbsimIn('fit', path);
    expect(code).toBe(0);
    const fragment = JSON.parse(stdout) as { Traffic: { Arrival: string }; ServiceTime: { Distribution: string } };
    expect(fragment.Traffic.Arrival).toBe('poisson');
    expect(fragment.ServiceTime.Distribution).toBe('exponential');
    expect(stderr).toMatch(/^format clb \(detected\)\n/);
    expect(stderr).toContain('by KS distance:');
  });
});
