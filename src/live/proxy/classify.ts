// A failed upstream attempt, as undici reports it, mapped to the model's closed reason taxonomy:
// the same reasons the simulator records, so live and simulated gateway errors compare one to one.

import type { Reason } from '../../model/outcome.js';

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  cause?: unknown;
}

/** The reason behind one failed attempt; an unknown failure counts as the connection closing. */
export function reasonOf(error: unknown): Reason {
  for (let current = error as ErrorLike | undefined, depth = 0; current && depth < 4; current = current.cause as ErrorLike, depth++) {
    const code = typeof current.code === 'string' ? current.code : '';
    const name = typeof current.name === 'string' ? current.name : '';
    if (code === 'ECONNREFUSED') return 'ConnectRefused';
    if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return 'ConnectTimeout';
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'ResponseTimeout';
    if (code.startsWith('HPE_') || name === 'HTTPParserError') return 'MalformedResponse';
    if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE') return 'UpstreamReset';
  }
  return 'UpstreamReset';
}

/** Whether the request reached the instance before the attempt failed: only idempotent methods may then go again. */
export function reachedInstance(reason: Reason): boolean {
  return reason !== 'ConnectRefused' && reason !== 'ConnectTimeout';
}
