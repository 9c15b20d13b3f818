// A client at a fixed rate with constant arrivals, as lbsim's `"Arrival": "constant"`: request k
// (k = 1, 2, ...) is due at k / rate seconds after time 0, goes out on a fresh connection as
// GET /r/<k> (so the balancer's log names it) and is given up after a per-request timeout.

import { request } from 'node:http';

export interface ClientAnswer {
  id: number;
  /** Scenario seconds when it was due. */
  arrivalS: number;
  /** How late it actually went out, in ms (timer and event-loop lag). */
  lateMs: number;
  /** The status, or 'error' (no HTTP answer: reset, refused) or 'timeout' (the client gave up). */
  status: number | 'error' | 'timeout';
  /** Seconds from going out to the end of the answer. */
  latencyS: number;
}

export interface ClientPlan {
  url: string;
  /** performance.now() of scenario time 0. */
  t0Ms: number;
  ratePerS: number;
  durationS: number;
  timeoutMs: number;
}

function once(url: string, path: string, timeoutMs: number): Promise<{ status: ClientAnswer['status']; latencyS: number }> {
  const started = performance.now();
  const done = (status: ClientAnswer['status']) => ({ status, latencyS: (performance.now() - started) / 1000 });
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(done(res.statusCode!)));
      res.on('error', () => resolve(done('error')));
    });
    req.setTimeout(timeoutMs, () => {
      resolve(done('timeout'));
      req.destroy();
    });
    req.on('error', () => resolve(done('error')));
    req.end();
  });
}

/** Sends every request due before durationS and resolves when each has an answer or timed out. */
export async function runConstantClient(plan: ClientPlan): Promise<ClientAnswer[]> {
  const count = Math.ceil(plan.durationS * plan.ratePerS) - 1;
  const pending: Array<Promise<ClientAnswer>> = [];
  for (let id = 1; id <= count; id++) {
    const arrivalS = id / plan.ratePerS;
    const dueMs = plan.t0Ms + arrivalS * 1000;
    const waitMs = dueMs - performance.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    const lateMs = performance.now() - dueMs;
    pending.push(once(plan.url, `/r/${id}`, plan.timeoutMs).then((answer) => ({ id, arrivalS, lateMs, ...answer })));
  }
  return Promise.all(pending);
}
