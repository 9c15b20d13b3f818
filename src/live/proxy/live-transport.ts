// The live wire between a node core (model/balancer/balancer.ts) and real instances: each attempt
// is one undici call (upstream-call.ts), and how it ended is reported to the core as the simulated
// instance reports it. Decides nothing: routing, retries, give-up and settling are the core's.

import type { AttemptListener, NodeTransport, Opened } from '../../model/balancer/node-transport.js';
import type { Job } from '../../model/instance/job.js';
import type { Backend } from './backend.js';
import type { LiveRequest } from './live-request.js';
import type { LiveProxyObserver } from './proxy-observer.js';
import { callUpstream, type CallResult } from './upstream-call.js';

/** One attempt on the wire: undici's call, or a scripted one in tests. */
export type WireCall = (backend: Backend, attempt: LiveRequest, signal: AbortSignal) => Promise<CallResult>;

export class LiveTransport implements NodeTransport<Backend> {
  /** Closing: nothing is sent any more, and what is still in flight is the proxy's to end. */
  private closed = false;

  constructor(
    private readonly node: string,
    private readonly observer: LiveProxyObserver | null,
    private readonly call: WireCall = callUpstream,
  ) {}

  /** Every attempt goes on the wire; a refusal or a connect timeout comes back later, as an event. */
  open(job: Job, slot: Backend, listener: AttemptListener<Backend>, routedUnhealthy: boolean): Opened {
    const attempt = job as LiveRequest;
    // The request must still end (the listener waits for it).
    if (this.closed) return attempt.exchange.finish({ kind: 'error', reason: 'UpstreamReset', backend: null }, job.attempts), 'sent';
    job.slot = slot.index;
    this.observer?.onAttempt(this.node, slot.index, job.arrivalMs, routedUnhealthy);
    slot.inFlight.add(attempt);
    void this.call(slot, attempt, attempt.controller.signal).then((result) => this.ended(attempt, slot, listener, result));
    return 'sent';
  }

  private ended(attempt: LiveRequest, slot: Backend, listener: AttemptListener<Backend>, result: CallResult): void {
    slot.inFlight.delete(attempt);
    // Settled already (a draining cut), or abandoned by close(): whatever undici says now goes nowhere.
    if (attempt.done || this.closed) return;
    if (result.ok) {
      attempt.answer = { headers: result.headers, payload: result.payload };
      return listener.onResponse(attempt, result.status);
    }
    if (!result.sent) return listener.onConnectFailed(attempt, slot, result.reason === 'ConnectTimeout' ? 'ConnectTimeout' : 'ConnectRefused', undefined);
    if (result.reason === 'ResponseTimeout') return listener.onIdleTimeout(attempt);
    if (result.reason === 'MalformedResponse') return listener.onMalformed(attempt);
    listener.onReset(attempt);
  }

  /** undici keeps its own idle connections. */
  released(): void {}

  /**
   * On the wire a refusal by a crashed process and one by a full backlog look the same (both RST the
   * SYN; the live instance refuses while full as the model does), so live mode cannot tell capacity
   * from a crash: it takes every refusal for a crash's, and the CLB surge queue stays empty here.
   */
  refusalIsCapacity(): boolean {
    return false;
  }

  /** Unknowable without trying; never asked while no refusal enters the surge queue. */
  accepting(): boolean {
    return true;
  }

  cutInFlight(slot: Backend, _listener: AttemptListener<Backend>, cut: (job: Job) => void): void {
    if (this.closed) return;
    for (const attempt of [...slot.inFlight]) {
      if (attempt.done) continue;
      attempt.controller.abort();
      cut(attempt);
    }
  }

  /** undici's own response deadline covers an answer that never arrives. */
  lost(): void {}

  /** Abandons every attempt in flight; the proxy ends their requests. */
  close(slots: readonly Backend[]): void {
    this.closed = true;
    for (const slot of slots) for (const attempt of slot.inFlight) attempt.controller.abort();
  }
}
