// One live balancer node, the twin of the model's Balancer (balancer.ts): its own view of every
// instance, its own checks, algorithm and passive feedback; it routes a request, sends attempts with
// undici, retries where the profile does and decides each request's outcome with the model's rules.

import type { Algorithm } from '../../model/algorithms/algorithm.js';
import { createAlgorithm } from '../../model/algorithms/index.js';
import type { CookieJar } from '../../model/algorithms/sticky.js';
import type { BalancerConfig, HealthState, SimulationSetup } from '../../model/config.js';
import { HEALTH_REASON } from '../../model/health/health-state.js';
import { NodeFeedback, type FeedbackHost } from '../../model/balancer/node-feedback.js';
import type { Reason } from '../../model/outcome.js';
import { changeMembership, removalCutAfterMs, routingSets } from '../../model/balancer/node-view.js';
import { boundToServer, choosesAfterPause, retryCandidates, retryKind, retryPauseMs, type AttemptLoad, type RetryKind, type RetryPool } from '../../model/balancer/retry-policy.js';
import type { Rng, RngStreams } from '../../sim/rng.js';
import type { Scheduler } from '../../sim/scheduler.js';
import { Backend } from './backend.js';
import { HealthProber } from './health-prober.js';
import type { Attempt, LiveRequest } from './live-request.js';
import type { LiveProxyObserver } from './proxy-observer.js';
import { callUpstream, type CallResult } from './upstream-call.js';

export interface LiveNodeOptions {
  /** Position in `setup.balancer.nodes`, and the node's name there. */
  index: number;
  name: string;
  setup: SimulationSetup;
  /** One URL per scenario instance, in file order. */
  urls: readonly string[];
  speed: number;
  /** The proxy's own timers on the real-time scheduler. */
  scheduler: Scheduler;
  rngs: RngStreams;
  /** Sticky-session cookies are the load balancer's, shared by its nodes. */
  cookies: CookieJar | null;
  observer: LiveProxyObserver | null;
}

export class LiveNode implements FeedbackHost<Backend> {
  readonly name: string;
  readonly slots: Backend[];
  /** Registered and in reach, whatever the belief: where fail-open and panic route. */
  reachable: readonly Backend[] = [];
  /** Registered, in reach and believed InService (not ejected). */
  private inService: Backend[] = [];
  /** What a request is routed among: inService, or reachable when the profile routes to all. */
  routable: readonly Backend[] = [];
  readonly prober: HealthProber | null;
  private registered = 0;
  private readonly config: BalancerConfig;
  private readonly scheduler: Scheduler;
  private readonly algorithm: Algorithm;
  private readonly rng: Rng;
  private readonly feedback: NodeFeedback<Backend> | null;
  /** Attempts in flight and, of them, retries: what a retry budget weighs. */
  private readonly load: AttemptLoad = { attempts: 0, retries: 0 };
  private closed = false;

  constructor(private readonly options: LiveNodeOptions) {
    const { setup, index, name, speed, scheduler, rngs, urls } = options;
    const { balancer, healthCheck } = setup;
    this.name = name;
    this.config = balancer;
    this.scheduler = scheduler;
    // The model's stream names: the first node unsuffixed, so a one-node run draws what `lbsim run` draws.
    const streamOf = <T extends 'algorithm' | 'health'>(base: T) => (index === 0 ? base : (`${base}/${name}` as const));
    this.algorithm = createAlgorithm(balancer, scheduler, options.cookies);
    this.rng = rngs.stream(streamOf('algorithm'));
    const responseMs = balancer.perTryTimeoutMs ?? balancer.idleTimeoutMs;
    this.slots = setup.instances.map(
      (config, i) =>
        new Backend({
          index: i, id: config.id, zone: config.zone, url: urls[i]!, weight: config.weight, registered: config.registered,
          belief: config.registered ? config.initialState : 'OutOfService',
          connectTimeoutRealMs: balancer.connectTimeoutMs / speed, responseTimeoutRealMs: responseMs / speed, idleTimeoutRealMs: balancer.idleTimeoutMs / speed,
        }),
    );
    this.registered = this.slots.filter((slot) => slot.registered).length;
    const initial = setup.instances.map((config) => config.initialState);
    this.prober = balancer.behaviour.activeChecks
      ? new HealthProber(this.slots, initial, {
          check: healthCheck, rules: balancer.behaviour.health, scheduler, speed, rng: rngs.stream(streamOf('health')),
          onProbe: (backend, passed) => options.observer?.onProbe(name, backend.index, passed),
          onChange: (backend, from, to, probes) => this.probeChanged(backend, from, to, probes),
        })
      : null;
    this.feedback = NodeFeedback.create(balancer.behaviour, scheduler, this);
    this.refreshRouting();
  }

  start(): void {
    this.prober?.start();
  }

  /** Stops the checks and abandons every attempt in flight (their requests are the proxy's to end). */
  async close(): Promise<void> {
    this.closed = true;
    await this.prober?.close();
    for (const slot of this.slots) for (const attempt of [...slot.inFlight]) if (this.settle(attempt)) attempt.controller.abort();
    await Promise.all(this.slots.map((slot) => slot.close()));
  }

  private probeChanged(backend: Backend, from: HealthState, to: HealthState, probes: number): void {
    this.setBelief(backend.index, to);
    this.options.observer?.onBelief(this.name, backend.index, from, to, HEALTH_REASON[to], probes);
  }

  readonly reportTransition = (slot: Backend, from: HealthState, to: HealthState, reason: string): void => {
    this.options.observer?.onBelief(this.name, slot.index, from, to, reason, 1);
  };

  setBelief(slotIndex: number, state: HealthState): void {
    this.slots[slotIndex]!.belief = state;
    this.refreshRouting();
  }

  refreshRouting(): void {
    ({ reachable: this.reachable, inService: this.inService, routable: this.routable } = routingSets(this.config, this.name, this.slots));
    this.algorithm.reset?.(this.routable);
  }

  /**
   * `register` / `deregister`, as Balancer.setRegistered: no new requests at once; on AWS, with
   * draining, attempts in flight may finish until the draining timeout, then (or at once without it)
   * they are cut and the client sees UpstreamReset caused by the membership event; the proxies let
   * them finish (node-view.ts removalCutAfterMs).
   */
  setRegistered(slotIndex: number, registered: boolean, eventIndex: number, belief: HealthState): void {
    const slot = this.slots[slotIndex]!;
    if (!changeMembership(slot, registered, eventIndex, belief)) return;
    this.registered += registered ? 1 : -1;
    this.refreshRouting();
    if (registered) return;
    const cutAfterMs = removalCutAfterMs(this.config);
    if (cutAfterMs === null) return;
    if (cutAfterMs === 0) return this.cutInFlight(slot);
    const cut = { slot, generation: slot.membershipGeneration };
    this.scheduler.at(this.scheduler.nowMs() + cutAfterMs, 0, this.onDrainTimeout, cut);
  }

  private readonly onDrainTimeout = ({ slot, generation }: { slot: Backend; generation: number }): void => {
    if (slot.membershipGeneration === generation && !this.closed) this.cutInFlight(slot);
  };

  private cutInFlight(slot: Backend): void {
    for (const attempt of [...slot.inFlight]) {
      if (!this.settle(attempt)) continue;
      attempt.controller.abort();
      this.fail(attempt.request, 'UpstreamReset', slot, slot.membershipEvent);
    }
  }

  /** A client request arrives at this node. */
  arrive(request: LiveRequest): void {
    if (this.registered === 0) return this.fail(request, 'NoRegisteredInstances', null);
    const candidates = this.routable;
    if (candidates.length === 0) return this.fail(request, 'NoHealthyInstances', null);
    this.send(request, candidates[this.algorithm.pick(candidates, this.rng, request)]!);
  }

  private send(request: LiveRequest, slot: Backend): void {
    if (request.done) return;
    // Closing: nothing is sent any more, and the request must still end (the listener waits for it).
    if (this.closed) return request.finish({ kind: 'error', reason: 'UpstreamReset', backend: null });
    request.attempts++;
    request.sentOutOfService = slot.belief !== 'InService';
    // Only routing around health counts (fail-open, panic), not a retry or nginx's probe request.
    const routedUnhealthy = request.sentOutOfService && this.routable !== this.inService;
    this.feedback?.selected(slot.index);
    this.options.observer?.onAttempt(this.name, slot.index, request.arrivalMs, routedUnhealthy);
    const attempt: Attempt = { request, backend: slot, retry: request.attempts > 1, controller: new AbortController(), over: false };
    this.track(attempt, +1);
    void callUpstream(slot, request, attempt.controller.signal).then((result) => this.attemptEnded(attempt, result));
  }

  private attemptEnded(attempt: Attempt, result: CallResult): void {
    if (!this.settle(attempt) || this.closed) return;
    const { request, backend } = attempt;
    if (!result.ok) return this.attemptFailed(request, backend, result.reason, undefined, result.sent);
    this.feedback?.answered(backend.index, result.status);
    // A 5xx the profile retries (Envoy retry_on 5xx) goes to another instance instead of the client.
    const behaviour = this.config.behaviour;
    if (result.status >= 500 && behaviour.retry5xx && retryKind(behaviour, 'Backend5xx', request, true, this.load) !== 'none' && this.retry(request, backend, 'other-instance')) return;
    this.algorithm.answered?.(request, backend);
    request.finish({ kind: 'response', status: result.status, headers: result.headers, payload: result.payload, backend });
  }

  /** As Balancer.attemptFailed: the profile decides between another instance, the same one after a pause, or the client's error. */
  private attemptFailed(request: LiveRequest, failed: Backend, reason: Reason, cause: number | null | undefined, sent: boolean): void {
    this.feedback?.failed(failed.index, reason);
    const pool: RetryPool = { serversUp: this.inService.length, failedUp: this.inService.includes(failed), bound: boundToServer(this.config) };
    const kind = retryKind(this.config.behaviour, reason, request, sent, this.load, pool);
    if (kind === 'none' || !this.retry(request, failed, kind, retryPauseMs(this.config.behaviour, reason, kind, pool.serversUp))) this.giveUp(request, reason, failed, cause);
  }

  /** Sends the next attempt, at once or after `pauseMs` (HAProxy's turnaround); false when no instance is left to try. */
  private retry(request: LiveRequest, failed: Backend, kind: Exclude<RetryKind, 'none'>, pauseMs = 0): boolean {
    const tried = [...request.triedBackends, failed];
    // As Balancer.retry: HAProxy's redispatch after a turnaround picks when the pause ends.
    const later = choosesAfterPause(kind, pauseMs);
    const remaining = later ? [] : retryCandidates(kind, failed, tried, this.routable);
    if (!later && remaining.length === 0) return false;
    request.triedBackends = tried;
    const slot = later || kind === 'same-instance' ? failed : remaining[this.algorithm.pick(remaining, this.rng, request)]!;
    if (pauseMs === 0) return this.send(request, slot), true;
    this.scheduler.at(this.scheduler.nowMs() + pauseMs, 0, later ? this.onRedispatchDue : this.onRetryDue, { request, slot });
    return true;
  }

  private readonly onRetryDue = ({ request, slot }: { request: LiveRequest; slot: Backend }): void => this.send(request, slot);

  /** As Balancer.onRedispatchDue: the algorithm picks now, avoiding `slot`; none UP is a 503 <NOSRV>. */
  private readonly onRedispatchDue = ({ request, slot: failed }: { request: LiveRequest; slot: Backend }): void => {
    if (request.done) return;
    if (this.closed) return request.finish({ kind: 'error', reason: 'UpstreamReset', backend: null });
    const remaining = retryCandidates('redispatch', failed, request.triedBackends, this.routable);
    if (remaining.length === 0) return this.fail(request, this.registered === 0 ? 'NoRegisteredInstances' : 'NoHealthyInstances', null);
    this.send(request, remaining[this.algorithm.pick(remaining, this.rng, request)]!);
  };

  private giveUp(request: LiveRequest, reason: Reason, failed: Backend, cause: number | null | undefined): void {
    this.fail(request, reason, failed, cause);
  }

  private fail(request: LiveRequest, reason: Reason, slot: Backend | null, cause?: number | null): void {
    request.finish(cause === undefined ? { kind: 'error', reason, backend: slot } : { kind: 'error', reason, backend: slot, cause });
  }

  /** Ends an attempt's bookkeeping once; false when it was over already (cut, or closed). */
  private settle(attempt: Attempt): boolean {
    if (attempt.over) return false;
    attempt.over = true;
    this.track(attempt, -1);
    return true;
  }

  /** Requests the node is waiting on, per instance (for least-outstanding) and in total (for the retry budget). */
  private track(attempt: Attempt, delta: 1 | -1): void {
    const slot = attempt.backend;
    slot.outstanding += delta;
    this.load.attempts += delta;
    if (attempt.retry) this.load.retries += delta;
    if (delta > 0) slot.inFlight.add(attempt);
    else slot.inFlight.delete(attempt);
    this.algorithm.outstandingChanged?.(slot);
  }
}
