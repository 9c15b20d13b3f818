// Does a live run agree with the simulation of the same scenario? Each live figure (requests, gateway
// errors in total, per reason and per status, each instance's health changes, mean latency) must lie
// in the simulation's own spread over seeds, widened by stated allowances. Used by `lbsim live --check`
// and the agreement tests.

import type { Reason } from '../../model/outcome.js';
import type { HealthTransition, RunResult } from '../../model/run/result.js';
import { formatCount, formatDuration, formatTable } from '../text/format.js';
import { spreadRange, type SpreadRange } from './spread-range.js';

export interface AgreementCheck {
  name: string;
  passed: boolean;
  simulated: string;
  live: string;
  tolerance: string;
}

export interface AgreementOptions {
  /** Scenario time ran this many times faster than real time in the live run. */
  speed: number;
  /**
   * Reasons the wire cannot tell apart, compared as one figure. By default a keep-alive race and
   * another reset: both are a connection closed under a sent request, and undici does not say whether
   * the connection was a reused one, so the proxy reads a race as UpstreamReset.
   */
  sameOnWire?: readonly (readonly Reason[])[];
}

export const DEFAULT_SAME_ON_WIRE: readonly (readonly Reason[])[] = [['KeepAliveRace', 'UpstreamReset']];

/** Seeds simulated for the spread: `lbsim live --check` and the agreement tests. */
export const SPREAD_SEEDS = 20;

/**
 * What real sockets and timers add to a request outside the instance (the generator's send, loopback
 * hops, event-loop waits) on an idle machine, in real time: 1.5–2.6 ms at speed 1 (`npm run bench --
 * --live`), 2.5–3.4 ms at speeds 40–60. Used when the live run measured none itself (no request was
 * answered by an instance at its first attempt).
 */
export const HOP_OVERHEAD_REAL_MS = 4;
/**
 * The hop overhead comes from the live run itself: the proxy subtracts the time each instance held a
 * request (its answer says so) from the request's real latency. What it cannot see is the instance's
 * own service timer firing late, by the event loop's mean delay measured during the run; that lands
 * once per request (and a queue behind it repeats it: two turns, for the queues these lessons build).
 * At speed K, all of it is K times as much scenario time: live mean latency may read that much higher.
 */
export const SERVICE_TIMER_TURNS = 2;
/**
 * Node starts a timer from the event loop's cached millisecond clock, taken when the loop turn began,
 * so a service time can end up to a millisecond (the clock's grain) plus a busy turn early. A live
 * mean may read this much real time lower than the spread.
 */
export const TIMER_EARLY_REAL_MS = 2;
/**
 * How late a live edge lands against its scenario time: a probe is an HTTP round trip on a busy event
 * loop, and a fault starts when its timer fires and the listener follows. At speed K, K times as much
 * scenario time. Each edge (health change, fault start or end) may so move that much scenario time of
 * traffic from one side of it to the other.
 */
export const EDGE_LATENESS_REAL_MS = 25;

/** Compares one live run with the simulated runs of the same setup at several seeds (the first: the live run's seed). */
export function compareLiveToSpread(spread: readonly RunResult[], live: RunResult, options: AgreementOptions): AgreementCheck[] {
  if (spread.length === 0) throw new Error('compareLiveToSpread needs at least one simulated run');
  const groups = options.sameOnWire ?? DEFAULT_SAME_ON_WIRE;
  const countAllowance = edgeAllowance(spread, options.speed);
  return [
    realTimeCheck(live),
    reasonsCheck(spread, live, groups),
    countCheck('requests', spread.map((run) => run.requests.total), live.requests.total, 0, false),
    countCheck('gateway errors', spread.map((run) => run.gatewayErrors.total), live.gatewayErrors.total, countAllowance, true),
    ...reasonCountChecks(spread, live, groups, countAllowance),
    ...statusChecks(spread, live, countAllowance),
    ...transitionChecks(spread, live, options.speed),
    latencyCheck(spread, live, options.speed),
  ];
}

/**
 * The allowances below hold for a machine that keeps real time. One that cannot (other work takes the
 * cores) sends arrivals late, and every figure drifts with it: this check says so, so that a failure
 * reads as what it is rather than as a disagreement of the model. A machine shared with other work
 * sends some late and the figures still agree (measured: 2–12 % on 2 cores at load 5–7, mostly
 * 20–50 real ms late, a fraction of an Interval at the speeds played); one that has fallen behind
 * sends most late (50–90 % measured at load 10–13) and its figures drift by seconds.
 */
export const MAX_LATE_SHARE = 0.25;
/** The load generator's own threshold (live/run/load-generator.ts, LATE_TOLERANCE_REAL_MS): report/ does not import live/. */
const LATE_TOLERANCE_TEXT = 'over 20 real ms';

function realTimeCheck(live: RunResult): AgreementCheck {
  const sent = live.live?.sent ?? 0;
  const late = live.live?.late ?? 0;
  return {
    name: 'machine kept real time',
    passed: late <= MAX_LATE_SHARE * sent,
    simulated: '-',
    live: `${formatCount(late)} of ${formatCount(sent)} arrivals sent late`,
    tolerance: `at most ${MAX_LATE_SHARE * 100}% sent ${LATE_TOLERANCE_TEXT} late; beyond, every figure drifts with the machine`,
  };
}

/**
 * Traffic that may land on the other side of an edge live: the peak rate times an edge's lateness,
 * for each edge of the simulated run (its health changes, the timeline's fault starts and ends).
 */
function edgeAllowance(spread: readonly RunResult[], speed: number): number {
  const first = spread[0]!;
  const { traffic, events } = first.setup;
  const peakPerMs = Math.max(traffic.rate, ...traffic.pattern.map((point) => point.rate)) / 1000;
  const healthEdges = Math.max(...spread.map((run) => run.instances.reduce((sum, instance) => sum + instance.transitions.length, 0)));
  const faultEdges = events.length * 2;
  return Math.ceil((healthEdges + faultEdges) * peakPerMs * EDGE_LATENESS_REAL_MS * speed);
}

type ReasonCounts = Map<string, { status: number; count: number }>;

/** Gateway errors per reason, reasons the wire cannot tell apart joined under one name. */
function countsByReason(run: RunResult, groups: readonly (readonly Reason[])[]): ReasonCounts {
  const counts: ReasonCounts = new Map();
  for (const [reason, entry] of Object.entries(run.gatewayErrors.byReason) as Array<[Reason, { status: number; count: number }]>) {
    const group = groups.find((members) => members.includes(reason));
    const name = group ? group.join('+') : reason;
    const seen = counts.get(name);
    if (seen && seen.status !== entry.status) counts.set(`${name} ${entry.status}`, { ...entry });
    else counts.set(name, { status: entry.status, count: (seen?.count ?? 0) + entry.count });
  }
  return counts;
}

/**
 * Each reason live shows with the status the seeds show it with; each reason every seed shows, live
 * shows too. A reason no seed shows is left to its count check: a stray one (a socket closed at the
 * wrong microsecond) is within its allowance, a mechanism that shows often is not.
 */
function reasonsCheck(spread: readonly RunResult[], live: RunResult, groups: readonly (readonly Reason[])[]): AgreementCheck {
  const simulated = spread.map((run) => countsByReason(run, groups));
  const liveCounts = countsByReason(live, groups);
  const otherStatus = [...liveCounts].filter(([name, { status }]) => simulated.some((counts) => counts.has(name)) && !simulated.some((counts) => counts.get(name)?.status === status));
  const always = [...simulated[0]!.keys()].filter((name) => simulated.every((counts) => counts.has(name)));
  const missing = always.filter((name) => !liveCounts.has(name));
  return {
    name: 'reasons and statuses',
    passed: otherStatus.length === 0 && missing.length === 0,
    simulated: reasonsText(simulated[0]!),
    live: reasonsText(liveCounts),
    tolerance: `each live reason with the seeds' status for it; each reason of all ${spread.length} seeds shown live`,
  };
}

function reasonsText(counts: ReasonCounts): string {
  const list = [...counts].map(([name, { status, count }]) => `${status} ${name} ${formatCount(count)}`);
  return list.length === 0 ? 'none' : list.join(', ');
}

function reasonCountChecks(spread: readonly RunResult[], live: RunResult, groups: readonly (readonly Reason[])[], allowance: number): AgreementCheck[] {
  const simulated = spread.map((run) => countsByReason(run, groups));
  const liveCounts = countsByReason(live, groups);
  const names = [...new Set([...simulated.flatMap((counts) => [...counts.keys()]), ...liveCounts.keys()])].sort();
  return names.map((name) =>
    countCheck(`gateway errors ${name}`, simulated.map((counts) => counts.get(name)?.count ?? 0), liveCounts.get(name)?.count ?? 0, allowance, true),
  );
}

/** Responses per status, the balancer's and the instances' together. */
function statusChecks(spread: readonly RunResult[], live: RunResult, allowance: number): AgreementCheck[] {
  const statuses = [...new Set([...spread.flatMap((run) => Object.keys(run.statusCounts)), ...Object.keys(live.statusCounts)])].sort();
  return statuses.map((status) =>
    countCheck(`status ${status}`, spread.map((run) => run.statusCounts[status] ?? 0), live.statusCounts[status] ?? 0, allowance, true),
  );
}

/**
 * A count within the spread, `allowance` more or fewer. `atLeastOne`: when every seed counts some,
 * live must count at least one, however wide the range (a mechanism that shows in every seed must show).
 */
function countCheck(name: string, simulated: number[], live: number, allowance: number, atLeastOne: boolean): AgreementCheck {
  const range = spreadRange(simulated, allowance, allowance);
  const low = atLeastOne && Math.min(...simulated) > 0 ? Math.max(1, range.low) : Math.max(0, range.low);
  return {
    name,
    passed: live >= low && live <= range.high,
    simulated: spreadText(range, formatCount),
    live: formatCount(live),
    tolerance: `${formatCount(Math.ceil(low))} to ${formatCount(Math.floor(range.high))}${allowance > 0 ? ` (± ${formatCount(allowance)} for late edges)` : ''}`,
  };
}

function spreadText(range: SpreadRange, format: (value: number) => string): string {
  return range.seedLow === range.seedHigh ? format(range.seedLow) : `${format(range.seedLow)} to ${format(range.seedHigh)}`;
}

/**
 * Per instance and node: as many belief changes as the seeds show, each change as some seed has it
 * (the same direction at that place) and at a time within the seeds' spread for that change, widened
 * by a probe's lateness. Where each check starts when the previous one ended (HAProxy's rise-fall),
 * the lateness of every check before adds up: a change at time t may move by one lateness per check
 * up to t (t / Interval of them, Interval being the shortest of the check's intervals).
 */
function transitionChecks(spread: readonly RunResult[], live: RunResult, speed: number): AgreementCheck[] {
  const probeLateMs = speed * EDGE_LATENESS_REAL_MS;
  const { healthCheck, balancer } = spread[0]!.setup;
  const rules = balancer.behaviour.health;
  // HAProxy's machine (model/health/check-schedule.ts, checksAfterPreviousEnds): read from the config, as report/ reads the model.
  const chained = rules.machine === 'rise-fall';
  const shortestIntervalMs = Math.min(healthCheck.intervalMs, rules.fastIntervalMs ?? Infinity, rules.downIntervalMs ?? Infinity);
  const lateAtMs = (tMs: number) => (chained ? Math.max(1, Math.ceil(tMs / shortestIntervalMs)) : 1) * probeLateMs;
  const checks: AgreementCheck[] = [];
  const { nodes } = spread[0]!.setup.balancer;
  spread[0]!.instances.forEach((instance, i) => {
    for (const node of nodes) {
      const ofNode = (transitions: readonly HealthTransition[]) => transitions.filter((t) => t.node === node);
      const seeds = spread.map((run) => ofNode(run.instances[i]!.transitions));
      const actual = ofNode(live.instances[i]!.transitions);
      if (actual.length === 0 && seeds.every((transitions) => transitions.length === 0)) continue;
      const counts = spreadRange(seeds.map((transitions) => transitions.length), 0, 0);
      const countLow = Math.min(...seeds.map((transitions) => transitions.length)) > 0 ? Math.max(1, counts.low) : counts.low;
      const problems: string[] = [];
      if (actual.length < countLow || actual.length > counts.high) problems.push(`${actual.length} changes`);
      actual.forEach((change, k) => {
        const times = seeds.filter((transitions) => transitions[k]?.to === change.to).map((transitions) => transitions[k]!.tMs);
        if (times.length === 0) return problems.push(`change ${k + 1} to ${change.to}: no seed has it`);
        const range = spreadRange(times, lateAtMs(change.tMs), lateAtMs(change.tMs));
        if (change.tMs < range.low || change.tMs > range.high) problems.push(`change ${k + 1} at ${formatDuration(Math.round(change.tMs))}, seeds ${spreadText(range, formatMs)}`);
      });
      const where = nodes.length > 1 ? ` at ${node}` : '';
      checks.push({
        name: `health of ${instance.id}${where}`,
        passed: problems.length === 0,
        simulated: transitionsText(seeds[0]!),
        live: transitionsText(actual),
        tolerance: `${Math.ceil(countLow)} to ${Math.floor(counts.high)} changes, each in the seeds' spread ± ${formatDuration(probeLateMs)}${chained ? ' per check before it' : ''}${problems.length > 0 ? `; off: ${problems.join('; ')}` : ''}`,
      });
    }
  });
  return checks;
}

function formatMs(ms: number): string {
  return formatDuration(Math.round(ms));
}

function transitionsText(transitions: readonly HealthTransition[]): string {
  return transitions.map((t) => `${t.to === 'InService' ? 'in' : 'out'} ${formatDuration(Math.round(t.tMs))}`).join(', ') || 'none';
}

function latencyCheck(spread: readonly RunResult[], live: RunResult, speed: number): AgreementCheck {
  const measuredHopMs = live.live?.hopOverheadMs ?? HOP_OVERHEAD_REAL_MS;
  const overheadRealMs = measuredHopMs + SERVICE_TIMER_TURNS * (live.live?.loopDelayMs ?? 0);
  const range = spreadRange(spread.map((run) => run.latency.meanMs), speed * TIMER_EARLY_REAL_MS, speed * overheadRealMs);
  const actual = live.latency.meanMs;
  const ms = (value: number) => `${Math.round(value)} ms`;
  return {
    name: 'mean latency',
    passed: actual >= range.low && actual <= range.high,
    simulated: spreadText(range, ms),
    live: ms(actual),
    tolerance: `${ms(Math.max(0, range.low))} to ${ms(range.high)} (at speed ${speed}: timers -${ms(speed * TIMER_EARLY_REAL_MS)}; hops measured ${measuredHopMs.toFixed(1)} real ms and late timers: +${ms(speed * overheadRealMs)})`,
  };
}

/** The checks as a table under a heading, for the text report. */
export function renderAgreement(checks: readonly AgreementCheck[], seeds: number): string[] {
  const failed = checks.filter((check) => !check.passed).length;
  const rows = checks.map((check) => [check.passed ? 'PASS' : 'FAIL', check.name, check.simulated, check.live, check.tolerance]);
  return [
    `Live vs simulation (the scenario simulated at ${seeds} seeds)  ${checks.length - failed} agree, ${failed} differ`,
    ...formatTable([['', 'check', `simulated (${seeds} seeds)`, 'live', 'allowed'], ...rows], ['l', 'l', 'l', 'l', 'l']).map((line) => `  ${line}`),
  ];
}
