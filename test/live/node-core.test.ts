// Simulation and live mode run one node core (model/balancer/balancer.ts): the same inputs give the
// same decisions whichever transport carries the attempts. The simulated instance refuses in the same
// instant; live mode's transport (live-transport.ts, here over a scripted wire instead of undici)
// reports every outcome later, as an event. Expected decisions come from the balancers' documented
// rules (lb-semantics.md §1, §4, §7 item 2), not from a run of the code.

import { afterEach, describe, expect, it } from 'vitest';
import { Balancer } from '../../src/model/balancer/balancer.js';
import type { BalancerObserver } from '../../src/model/balancer/gateway-error.js';
import { createIdleWatchdogs } from '../../src/model/balancer/idle-watchdog.js';
import type { NodeSlot } from '../../src/model/balancer/node-transport.js';
import { SimTransport } from '../../src/model/balancer/sim-transport.js';
import { Slot } from '../../src/model/balancer/slot.js';
import { createAlgorithm } from '../../src/model/algorithms/index.js';
import type { SimulationSetup } from '../../src/model/config.js';
import { Instance } from '../../src/model/instance/instance.js';
import { instanceStreams } from '../../src/model/instance/instance-streams.js';
import { Job } from '../../src/model/instance/job.js';
import { PROFILES, type ProfileBehaviour } from '../../src/model/profiles.js';
import type { ProfileName } from '../../src/model/outcome.js';
import { Backend } from '../../src/live/proxy/backend.js';
import { LiveNode } from '../../src/live/proxy/live-node.js';
import { ClientExchange, LiveRequest } from '../../src/live/proxy/live-request.js';
import { LiveTransport } from '../../src/live/proxy/live-transport.js';
import type { CallResult } from '../../src/live/proxy/upstream-call.js';
import { RngStreams } from '../../src/sim/rng.js';
import { Priority } from '../../src/sim/scheduler.js';
import { Simulator } from '../../src/sim/simulator.js';
import { instance, setup } from '../helpers/setup.js';

/** What the node did with one request: every attempt (when, where) and how it ended. */
interface Decisions {
  attempts: Array<{ atMs: number; instance: number }>;
  end: { atMs: number; reason: string | null; instance: number | null } | null;
}

const ANSWER_MS = 40;

function scenario(profile: ProfileName, behaviour: Partial<ProfileBehaviour> = {}, algorithm: SimulationSetup['balancer']['algorithm'] = 'round-robin'): SimulationSetup {
  const base = setup({ instances: [instance('i-1'), instance('i-2'), instance('i-3')] });
  const merged = { ...PROFILES[profile].behaviour, ...behaviour };
  // An AWS node is its zone's; a proxy is one node.
  base.balancer = { ...base.balancer, profile, algorithm, nodes: merged.nodePerZone ? ['us-east-1a'] : [profile], behaviour: merged };
  return base;
}

function recorder<S extends NodeSlot>(sim: Simulator, seen: Decisions): BalancerObserver<S> {
  return {
    onResponse: (_job, _status, slot) => void (seen.end = { atMs: sim.nowMs(), reason: null, instance: slot.index }),
    onGatewayError: ({ reason, slot }) => void (seen.end = { atMs: sim.nowMs(), reason, instance: slot?.index ?? null }),
    onPassiveTransition: () => undefined,
  };
}

/** One request through the core over the simulated instances; `refusing` have crashed. */
function simulated(config: SimulationSetup, refusing: readonly number[]): Decisions {
  const sim = new Simulator();
  const rngs = new RngStreams(config.seed);
  const seen: Decisions = { attempts: [], end: null };
  const instances = config.instances.map((c, i) => new Instance({ ...c, serviceTime: { distribution: 'constant', meanMs: ANSWER_MS } }, sim, instanceStreams(rngs, String(i)), 1));
  for (const i of refusing) instances[i]!.crash();
  const transport = new SimTransport(config.balancer, instances, createIdleWatchdogs(instances, sim), sim);
  const open = transport.open.bind(transport);
  transport.open = (job, slot, node) => (seen.attempts.push({ atMs: sim.nowMs(), instance: slot.index }), open(job, slot, node));
  const slots = instances.map((x, i) => new Slot(i, x));
  const node = new Balancer(0, config.balancer.nodes[0]!, config.balancer, slots, transport, createAlgorithm(config.balancer, sim, null), rngs.stream('algorithm'), sim, recorder(sim, seen));
  node.arrive(new Job(0, 0, config.traffic.requests[0]!, true, false, node));
  sim.run(60_000);
  return seen;
}

const backends: Backend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
});

/** The same request through the same core over live mode's transport, on a scripted wire. */
async function live(config: SimulationSetup, refusing: readonly number[]): Promise<Decisions> {
  const sim = new Simulator();
  const rngs = new RngStreams(config.seed);
  const seen: Decisions = { attempts: [], end: null };
  const slots = config.instances.map(
    (c, i) =>
      new Backend({ index: i, id: c.id, zone: c.zone, url: `http://127.0.0.1:9`, weight: 1, registered: true, belief: 'InService', connectTimeoutRealMs: 1000, responseTimeoutRealMs: 1000, idleTimeoutRealMs: 1000 }),
  );
  backends.push(...slots);
  const wire = (backend: Backend): Promise<CallResult> => {
    seen.attempts.push({ atMs: sim.nowMs(), instance: backend.index });
    if (refusing.includes(backend.index)) return Promise.resolve({ ok: false, reason: 'ConnectRefused', sent: false });
    return new Promise((resolve) => sim.at(sim.nowMs() + ANSWER_MS, Priority.traffic, () => resolve({ ok: true, status: 200, headers: {}, payload: Buffer.alloc(0) }), null));
  };
  const transport = new LiveTransport(config.balancer.nodes[0]!, null, wire);
  const node = new Balancer(0, config.balancer.nodes[0]!, config.balancer, slots, transport, createAlgorithm(config.balancer, sim, null), rngs.stream('algorithm'), sim, recorder(sim, seen));
  node.arrive(new LiveRequest(0, 0, config.traffic.requests[0]!, new ClientExchange('/', {}, undefined)));
  // Outcomes arrive as promise callbacks: let them land before simulated time moves on.
  for (let t = 0; t <= 10_000 && seen.end === null; t++) {
    await new Promise((resolve) => setImmediate(resolve));
    sim.run(t);
  }
  return seen;
}

async function both(config: SimulationSetup, refusing: readonly number[]): Promise<Decisions> {
  const model = simulated(config, refusing);
  expect(await live(config, refusing)).toEqual(model);
  return model;
}

describe('one node core for simulation and live mode', () => {
  it('LiveNode runs the model class itself', () => {
    const config = scenario('haproxy');
    const node = new LiveNode({ index: 0, name: 'haproxy', setup: config, urls: ['http://127.0.0.1:9', 'http://127.0.0.1:9', 'http://127.0.0.1:9'], speed: 1, scheduler: new Simulator(), rngs: new RngStreams(1), cookies: null, observer: null });
    backends.push(...node.slots);
    expect(node.core).toBeInstanceOf(Balancer);
    expect(node.core.slots).toBe(node.slots);
  });

  it('HAProxy without redispatch: 3 retries on the refusing server, 1 s apart, then 503 ConnectRefused', async () => {
    // Round-robin starts at the first server, so the request meets the refusing i-1.
    const decided = await both(scenario('haproxy'), [0]);
    expect(decided.attempts).toEqual([0, 1000, 2000, 3000].map((atMs) => ({ atMs, instance: 0 })));
    expect(decided.end).toEqual({ atMs: 3000, reason: 'ConnectRefused', instance: 0 });
  });

  it('HAProxy with redispatch, not bound, three servers UP: the retry goes to another server at once', async () => {
    const decided = await both(scenario('haproxy', { redispatch: true }), [0]);
    expect(decided.attempts.map((a) => a.atMs)).toEqual([0, 0]);
    expect(decided.attempts[1]!.instance).not.toBe(0);
    expect(decided.end).toEqual({ atMs: ANSWER_MS, reason: null, instance: decided.attempts[1]!.instance });
  });

  it('HAProxy with redispatch and a hash: the same server twice, 1 s apart, then the last retry at once to another', async () => {
    // Bound to its server with three UP, only the last retry moves (stream_choose_redispatch, redispatch_after -1).
    const decided = await both(scenario('haproxy', { redispatch: true }, 'consistent-hash'), [0, 1, 2]);
    const first = decided.attempts[0]!.instance;
    expect(decided.attempts.slice(0, 3)).toEqual([0, 1000, 2000].map((atMs) => ({ atMs, instance: first })));
    expect(decided.attempts).toHaveLength(4);
    expect(decided.attempts[3]!.atMs).toBe(2000);
    expect(decided.attempts[3]!.instance).not.toBe(first);
    expect(decided.end).toMatchObject({ atMs: 2000, reason: 'ConnectRefused' });
  });

  it('Classic ELB: each InService instance once, then 503 ConnectRefused when all refuse', async () => {
    const decided = await both(scenario('aws-clb'), [0, 1, 2]);
    expect(decided.attempts.map((a) => a.atMs)).toEqual([0, 0, 0]);
    expect(new Set(decided.attempts.map((a) => a.instance))).toEqual(new Set([0, 1, 2]));
    expect(decided.end).toMatchObject({ reason: 'ConnectRefused' });
  });
});
