// Differential tests: real HAProxy 2.6 and nginx 1.22 (Debian), each configured from a native config
// in test/fixtures/differential, in front of `lbsim instances` on loopback with a 20 req/s constant
// client, against `lbsim run` of the same timeline; per phase: statuses, labels, latencies, transitions.
//
// Tolerances, derived (each run prints the figures it used):
// - Time 0 is the balancer's spawn. The instances started shiftS earlier (measured; every event is
//   moved by it in lbsim's scenario), and each fault takes effect a few ms late (measured from the
//   instances' own log lines); the client sends each request a few ms late (measured). Their sum is
//   timingError; a request whose arrival is within ±timingError of a fault instant may meet either
//   side of it: at 20 req/s with timingError < 50 ms that is at most one request per instant
//   (faults sit on whole seconds, where an arrival k/20 also falls, so it is usually exactly one).
// - A health transition moves answers for the requests between the real and lbsim's time of it:
//   the phase tolerance adds the arrivals in that window (20 per second of difference, plus one).
//   The transitions themselves must agree within 0.5 s: HAProxy spreads its first checks by
//   i × inter / n (lb-semantics.md §7 item 4), which lbsim's haproxy profile follows, so no check
//   phase is left to chance; what remains is the balancer's start (spawn to listening, measured)
//   and process scheduling.
// - nginx counts fail_timeout on its whole-second cached clock (§7 item 6): a disabled server is
//   tried again somewhere in the second after exact arithmetic says, and the epoch's second
//   boundaries are not scenario seconds, so ±1 s around each of lbsim's returns is added (20 requests).
// - The median latency of each (status, label) pair in each phase must agree within 0.3 s; the client
//   measures the real side (a fresh connection each time: ~1–3 ms over the balancer's own time).
// Skips without /usr/sbin/haproxy or /usr/sbin/nginx, saying so; under CI=true it must run.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare, renderComparison, type Phase } from './compare.js';
import { HAPROXY, NGINX } from './real-balancer.js';
import { runCase, type CaseRun, type DifferentialCase } from './run-case.js';

const TRANSITION_S = 0.5;
const LATENCY_S = 0.3;
const NGINX_RETURN_WINDOW_S = 1;

const HAPROXY_PART = {
  Profile: { Base: 'haproxy', Retries: 3, ConnectTimeout: '2s' },
  HealthCheck: { Target: 'HTTP:80/health', Interval: 5, Timeout: 2, HealthyThreshold: 2, UnhealthyThreshold: 2 },
  LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 3 } },
  Balancing: { Algorithm: 'round-robin' },
};
const NGINX_PART = {
  Profile: { Base: 'nginx', ConnectTimeout: '2s' },
  LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: 3 } },
  Balancing: { Algorithm: 'round-robin' },
};

const CASES: DifferentialCase[] = [
  { name: 'haproxy', kind: 'haproxy', template: 'haproxy.cfg', balancerPart: HAPROXY_PART },
  { name: 'haproxy redispatch', kind: 'haproxy', template: 'haproxy-redispatch.cfg', balancerPart: { ...HAPROXY_PART, Profile: { ...HAPROXY_PART.Profile, Redispatch: true } } },
  { name: 'nginx', kind: 'nginx', template: 'nginx.conf', balancerPart: NGINX_PART },
  {
    name: 'nginx next_upstream',
    kind: 'nginx',
    template: 'nginx-next-upstream.conf',
    // error → refused, reset; timeout → connect and read timeouts; invalid_header → malformed; http_502: no instance here answers 502.
    balancerPart: { ...NGINX_PART, Profile: { ...NGINX_PART.Profile, RetryOn: ['ConnectRefused', 'UpstreamReset', 'KeepAliveRace', 'ConnectTimeout', 'ResponseTimeout', 'MalformedResponse'] } },
  },
];

const binary = { haproxy: HAPROXY, nginx: NGINX };
const missing = (kind: 'haproxy' | 'nginx') => !existsSync(binary[kind]) && process.env.CI !== 'true';
for (const kind of ['haproxy', 'nginx'] as const) {
  if (missing(kind)) console.log(`differential ${kind} tests skipped: ${binary[kind]} not found (.ci/run installs Debian's ${kind})`);
}

/** The timeline's phases on the balancer's clock: before the first fault, one per fault, and after the last ends. */
function phasesOf(run: CaseRun): Phase[] {
  const names = ['crash s1', 'hang s2', 'malformed s3', 'all down'];
  const starts = run.timeline.Events.map((event) => parseFloat(event.At) - run.shiftS);
  const last = run.timeline.Events.at(-1)!;
  const recoveryS = parseFloat(last.At) + parseFloat(String(last.Duration)) - run.shiftS;
  const bounds = [0, ...starts, recoveryS, run.durationS];
  const labels = ['baseline', ...names, 'recovery'];
  return labels.map((name, i) => ({ name, fromS: bounds[i]!, toS: bounds[i + 1]! }));
}

function faultInstants(run: CaseRun): number[] {
  return run.timeline.Events.flatMap((event) => {
    const at = parseFloat(event.At) - run.shiftS;
    return [at, at + parseFloat(String(event.Duration))];
  });
}

describe.concurrent('real balancers against lbsim on the same timeline', () => {
  for (const c of CASES) {
    it.skipIf(missing(c.kind))(c.name, { timeout: 150_000 }, async () => {
      const started = performance.now();
      const run = await runCase(c);
      const faultLateMaxMs = Math.max(...run.faultLateMs.map(Math.abs));
      const timingErrorS = (faultLateMaxMs + run.clientLateMs) / 1000;
      const comparison = compare(run.real, run.lbsim, phasesOf(run), {
        ratePerS: run.ratePerS,
        faultInstantsS: faultInstants(run),
        timingErrorS,
        transitionS: TRANSITION_S,
        latencyS: LATENCY_S,
        returnWindowS: NGINX_RETURN_WINDOW_S,
        returnsS: c.kind === 'nginx' ? run.lbsim.returnsS : [],
      });
      const figures =
        `alignment: instances ${(run.shiftS * 1000).toFixed(1)} ms before the balancer's spawn (events moved by it); ` +
        `balancer listening ${run.balancerReadyMs.toFixed(1)} ms after spawn; faults late by ${run.faultLateMs.map((ms) => ms.toFixed(1)).join(', ')} ms; ` +
        `client late at most ${run.clientLateMs.toFixed(1)} ms; timingError ${(timingErrorS * 1000).toFixed(1)} ms; wall ${((performance.now() - started) / 1000).toFixed(1)} s`;
      console.log(`${renderComparison(c.name, comparison)}\n${figures}`);
      // Every request got an answer on both sides, and each phase had traffic.
      expect(run.real.answers.length).toBe(run.lbsim.answers.length);
      expect(run.real.answers.filter((answer) => answer.label === 'no log line')).toEqual([]);
      expect(comparison.disagreements).toEqual([]);
    });
  }
});
