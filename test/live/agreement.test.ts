// Live and simulated runs of every lesson in scenarios/ agree within the tolerances of
// src/report/machine/live-agreement.ts: reasons and statuses, counts, health transitions, mean latency. Each
// lesson runs on real sockets on 127.0.0.1 for a few seconds (agreement-plan.ts says how).

import { readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLive } from '../../src/live/run/live-run.js';
import { compareLiveToSimulation, COUNT_ABSOLUTE, COUNT_RELATIVE, renderAgreement } from '../../src/report/machine/live-agreement.js';
import { loadScenarioFile } from '../../src/scenario/load.js';
import { simulate } from '../../src/simulate.js';
import { applyPlan, planFor } from './agreement-plan.js';

const lessons = readdirSync('scenarios')
  .filter((file) => file.endsWith('.json') && file !== 'schema.json')
  .map((file) => file.replace(/\.json$/, ''))
  .sort();

describe('live agrees with the simulation on every lesson', () => {
  // The first live run of a process is slower while its code compiles: not a lesson's to pay for.
  beforeAll(async () => {
    const warm = loadScenarioFile('scenarios/crash-caught-by-health-checks.json');
    if (warm.ok) await runLive({ ...warm.scenario, durationMs: 20_000 }, { speed: 10 });
  }, 60_000);

  it('has lessons to check', () => expect(lessons.length).toBeGreaterThanOrEqual(19));

  // One more try per lesson: a machine hiccup (a pause longer than a probe's real timeout, 125 ms at
  // speed 40) can fail a probe the simulation passes. A retry says so; two failures in a row fail.
  for (const lesson of lessons) {
    it(lesson, { retry: 1, timeout: 120_000 }, async ({ task }) => {
      if (task.result?.retryCount) console.info(`${lesson}: second try (the first disagreed)`);
      const loaded = loadScenarioFile(`scenarios/${lesson}.json`);
      if (!loaded.ok) throw new Error(`${lesson}: ${loaded.errors.map((e) => e.message).join('; ')}`);
      const plan = planFor(lesson);
      const setup = applyPlan(loaded.scenario, plan);
      const live = await runLive(setup, { speed: plan.speed });
      const exempt = new Set(plan.differs?.checks ?? []);
      // The scenario's seed first; a chaotic lesson may match the simulation at one of the next seeds.
      const seeds = Array.from({ length: plan.seeds ?? 1 }, (_, i) => setup.seed + i);
      const attempts = seeds.map((seed) => {
        const simulated = simulate({ ...setup, seed });
        const checks = compareLiveToSimulation(simulated, live, plan.speed);
        return { seed, simulated, checks, failed: checks.filter((check) => !check.passed && !exempt.has(check.name)) };
      });
      const match = attempts.find((attempt) => attempt.failed.length === 0) ?? attempts[0]!;
      if (match.seed !== setup.seed) console.info(`${lesson}: live agrees with the simulation at seed ${match.seed} (of ${seeds.join(', ')})`);
      if (plan.differs) {
        console.info(`${lesson}: not compared live (${[...exempt].join(', ')}): ${plan.differs.why}`);
        expect(Object.keys(live.gatewayErrors.byReason).filter((reason) => !plan.differs!.liveReasons.includes(reason))).toEqual([]);
        const same = plan.differs.sameEvent;
        if (same) {
          const count = (result: typeof live, reason: string) => (result.gatewayErrors.byReason as Record<string, { count: number }>)[reason]?.count ?? 0;
          const expected = count(match.simulated, same[0]);
          const actual = same.reduce((sum, reason) => sum + count(live, reason), 0);
          expect(Math.abs(actual - expected), `${same.join(' + ')} live ${actual}, ${same[0]} simulated ${expected}`).toBeLessThanOrEqual(COUNT_RELATIVE * expected + COUNT_ABSOLUTE);
        }
      }
      const figures = (name: string) => match.checks.find((check) => check.name === name);
      const [errors, latency] = [figures('gateway errors')!, figures('mean latency')!];
      console.info(`${lesson} at speed ${plan.speed}, thinned ${plan.thin}: errors ${errors.simulated} simulated, ${errors.live} live; mean latency ${latency.simulated} simulated, ${latency.live} live`);
      // The whole table on failure: which check, both figures and the tolerance.
      expect(match.failed, renderAgreement(match.checks).join('\n')).toEqual([]);
    });
  }

  // The slow lesson's point is latency: live must show the slow fault's effect, not just land inside
  // the tolerance. Its mean must lie above the midpoint between the run without the fault and the run with it.
  it('slow-instance-raises-latency: the slow fault raises live latency as it raises simulated latency', async () => {
    const loaded = loadScenarioFile('scenarios/slow-instance-raises-latency.json');
    if (!loaded.ok) throw new Error('slow-instance-raises-latency does not load');
    const plan = planFor('slow-instance-raises-latency');
    const setup = applyPlan(loaded.scenario, plan);
    const withFault = simulate(setup).latency.meanMs;
    const withoutFault = simulate({ ...setup, events: [] }).latency.meanMs;
    const live = await runLive(setup, { speed: plan.speed });
    expect(withFault).toBeGreaterThan(1.5 * withoutFault);
    expect(live.latency.meanMs).toBeGreaterThan((withFault + withoutFault) / 2);
  }, 120_000);
});
