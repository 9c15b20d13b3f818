// One client request inside the live proxy: the model's Job (so retryKind, the surge queue and the
// algorithms read it as they read a simulated one) plus what goes on the wire, and the promise the
// listener awaits. An Attempt is one undici call to one instance, which a cut can abort.

import type { RequestKind } from '../../model/config.js';
import { Job, NO_LISTENER } from '../../model/instance/job.js';
import type { Reason } from '../../model/outcome.js';
import type { Backend } from './backend.js';

/** How the request ended for the client: an instance's answer, or a gateway error. */
export type LiveOutcome =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; payload: Buffer; backend: Backend }
  | { kind: 'error'; reason: Reason; backend: Backend | null; cause?: number | null };


export class LiveRequest extends Job {
  readonly outcome: Promise<LiveOutcome>;
  /** Instances this request was sent to and failed on: a retry elsewhere skips them. */
  triedBackends: Backend[] = [];
  private resolve: (outcome: LiveOutcome) => void = () => undefined;

  constructor(
    id: number,
    arrivalMs: number,
    kind: RequestKind,
    /** Path and query, as the client sent them. */
    readonly url: string,
    readonly headers: Record<string, string>,
    readonly body: Buffer | undefined,
  ) {
    super(id, arrivalMs, kind, true, false, NO_LISTENER);
    this.outcome = new Promise((resolve) => (this.resolve = resolve));
  }

  /** Decides the client's answer; the first decision wins (a late answer after a cut goes nowhere). */
  finish(outcome: LiveOutcome): void {
    if (this.done) return;
    this.done = true;
    this.resolve(outcome);
  }
}

/** One attempt in flight on one instance. */
export interface Attempt {
  readonly request: LiveRequest;
  readonly backend: Backend;
  /** Counted among the retries in flight (the retry budget's load) while it runs. */
  readonly retry: boolean;
  readonly controller: AbortController;
  /** Settled: answered, failed or cut; whatever undici reports later is ignored. */
  over: boolean;
}
