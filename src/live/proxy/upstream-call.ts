// One attempt on the wire: the client's request sent with undici to one instance through that
// node's agent, the whole answer read, or the failure classified into the model's reasons. The
// response deadline is the model's: from the request's start on a connected socket, one timer.

import type { Reason } from '../../model/outcome.js';
import type { Backend } from './backend.js';
import { reachedInstance, reasonOf } from './classify.js';
import type { LiveRequest } from './live-request.js';
import { ON_SOCKET_READY } from './precise-dispatch.js';

export type CallResult =
  | { ok: true; status: number; headers: Record<string, string | string[] | undefined>; payload: Buffer }
  /** `sent`: the request reached the instance (it may have acted on it). */
  | { ok: false; reason: Reason; sent: boolean };

export async function callUpstream(backend: Backend, req: LiveRequest, signal: AbortSignal): Promise<CallResult> {
  const deadline = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const startDeadline = () => {
    timer = setTimeout(() => deadline.abort(), backend.responseTimeoutRealMs);
  };
  try {
    const response = await backend.agent.request({
      origin: backend.url,
      path: req.exchange.url,
      method: req.kind.method as 'GET',
      headers: req.exchange.headers,
      body: req.exchange.body,
      signal: AbortSignal.any([signal, deadline.signal]),
      [ON_SOCKET_READY]: startDeadline,
    } as Parameters<Backend['agent']['request']>[0]);
    // The whole body is read before the client sees a byte: a reset mid-body is still the proxy's to answer.
    const payload = Buffer.from(await response.body.arrayBuffer());
    return { ok: true, status: response.statusCode, headers: response.headers, payload };
  } catch (error) {
    if (deadline.signal.aborted) return { ok: false, reason: 'ResponseTimeout', sent: true };
    const reason = reasonOf(error);
    return { ok: false, reason, sent: reachedInstance(reason) };
  } finally {
    clearTimeout(timer);
  }
}
