// `npm run bench -- --live`: how many real requests per second one machine plays live (load
// generator, proxy and instances in one process) with latency still faithful. Plays one steady
// scenario at rising real rates and prints CPU per request, late arrivals and the live mean
// latency against the simulation's; the basis of MAX_REAL_RATE in src/live/run/live-limits.ts.

import { runLive } from '../src/live/run/live-run.js';
import type { SimulationSetup } from '../src/model/config.js';
import { PROFILES } from '../src/model/profiles.js';
import { simulate } from '../src/simulate.js';

/** Scenario seconds per step; at speed 1 each step takes this long in real time. */
const STEP_SECONDS = 10;
const REAL_RATES = [100, 200, 300, 450, 600];

function steadyScenario(rate: number): SimulationSetup {
  const instance = (id: string) => ({
    id, zone: 'us-east-1a', concurrency: 8, backlog: 128, serviceTime: { distribution: 'exponential' as const, meanMs: 20 },
    keepAliveTimeoutMs: 65_000, weight: 1, initialState: 'InService' as const, registered: true,
  });
  return {
    name: 'live-rate', description: '', seed: 1, durationMs: STEP_SECONDS * 1000, warmupMs: 0,
    balancer: {
      name: 'bench', profile: 'aws-clb', behaviour: PROFILES['aws-clb'].behaviour, profileOverrides: [], nodes: ['us-east-1a'], crossZone: false,
      listeners: [{ protocol: 'HTTP', loadBalancerPort: 80, instanceProtocol: 'HTTP', instancePort: 80 }],
      algorithm: 'least-outstanding', routing: { choices: null, hashKey: { by: 'client' }, stickinessMs: null, slowStartMs: null },
      retries: 0, perTryTimeoutMs: null, idleTimeoutMs: 60_000, connectTimeoutMs: 10_000, drainingEnabled: false, drainingTimeoutMs: 300_000, oneWayDelayMs: 0.5,
    },
    healthCheck: { target: 'HTTP:80/ping', protocol: 'HTTP', port: 80, path: '/ping', intervalMs: 10_000, timeoutMs: 5_000, unhealthyThreshold: 2, healthyThreshold: 2, probeServiceTimeMs: 1 },
    instances: [instance('i-1'), instance('i-2'), instance('i-3')],
    traffic: { rate, arrival: 'poisson', pattern: [], requests: [{ method: 'GET', path: '/', weight: 1 }], clients: null },
    events: [],
  };
}

export async function benchLiveRates(): Promise<void> {
  console.log(`live: one process plays ${STEP_SECONDS} s at each real rate (speed 1; 3 instances, 20 ms exponential service, 8 workers each)`);
  console.log('real req/s  sent  CPU ms/request  CPU share  late  mean latency live / simulated');
  for (const rate of REAL_RATES) {
    const setup = steadyScenario(rate);
    const before = process.cpuUsage();
    const live = await runLive(setup, { speed: 1 });
    const cpu = process.cpuUsage(before);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const simulated = simulate(setup);
    const sent = live.live!.sent;
    const row = [
      String(rate).padStart(11),
      String(sent).padStart(5),
      (cpuMs / sent).toFixed(2).padStart(15),
      `${((cpuMs / live.live!.realMs) * 100).toFixed(0)}%`.padStart(10),
      String(live.live!.late).padStart(5),
      `${live.latency.meanMs.toFixed(1)} / ${simulated.latency.meanMs.toFixed(1)} ms (${(live.latency.meanMs / simulated.latency.meanMs).toFixed(2)}×)`.padStart(32),
    ];
    console.log(row.join(' '));
  }
}
