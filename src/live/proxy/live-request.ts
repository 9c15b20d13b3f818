// One client request inside the live proxy: the exchange with the client (what goes on the wire,
// the promise the listener awaits) and its attempts. An attempt is the model's Job, so the node core
// reads it as it reads a simulated one; a retry after a held attempt is the model's next attempt
// (Job.nextAttempt), a new LiveRequest on the same exchange, while the old one's call is abandoned.

import type { RequestKind } from '../../model/config.js';
import { Job, NO_LISTENER, type JobListener } from '../../model/instance/job.js';
import type { Reason } from '../../model/outcome.js';
import type { Backend } from './backend.js';

/** How the request ended for the client: an instance's answer, or a gateway error. */
export type LiveOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; payload: Buffer; backend: Backend }
  | { kind: 'error'; reason: Reason; backend: Backend | null; cause?: number | null };

/** What the client sent, and the answer it gets once one is decided. */
export class ClientExchange {
  readonly outcome: Promise<LiveOutcome>;
  /** Attempts made for the request when it was decided. */
  attempts = 0;
  private decided = false;
  private resolve: (outcome: LiveOutcome) => void = () => undefined;

  constructor(
    /** Path and query, as the client sent them. */
    readonly url: string,
    readonly headers: Record<string, string>,
    readonly body: Buffer | undefined,
  ) {
    this.outcome = new Promise((resolve) => (this.resolve = resolve));
  }

  /** Decides the client's answer; the first decision wins (a late answer after a cut goes nowhere). */
  finish(outcome: LiveOutcome, attempts: number): void {
    if (this.decided) return;
    this.decided = true;
    this.attempts = attempts;
    this.resolve(outcome);
  }
}

/** One attempt of a client request, as the node core and the live transport see it. */
export class LiveRequest extends Job {
  /** Aborts the attempt's undici call (a draining cut, or the proxy closing). */
  readonly controller = new AbortController();
  /** The instance's whole answer, kept until the core decides the client gets it. */
  answer: { headers: Record<string, string | string[] | undefined>; payload: Buffer } | null = null;

  constructor(id: number, arrivalMs: number, kind: RequestKind, readonly exchange: ClientExchange) {
    super(id, arrivalMs, kind, true, false, NO_LISTENER);
  }

  override nextAttempt(listener: JobListener): LiveRequest {
    const next = new LiveRequest(this.id, this.arrivalMs, this.kind, this.exchange);
    next.listener = listener;
    next.attempts = this.attempts;
    next.tried = this.tried;
    next.client = this.client;
    return next;
  }
}
