// What goes on the wire: JSON answers with `Date` and `Server` headers (the seed document's error
// shape, {"error": "..."}), and the two answers that are not HTTP at all, a reset and a malformed one.

import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

export const SERVER_HEADER = 'lbsim-instance';
/** How long the instance held the request (queue and service), in real microseconds: the proxy subtracts it to measure the hops. */
export const HELD_HEADER = 'x-lbsim-held-us';

/**
 * A NUL in a header name: Node's parser and nginx both reject it ("upstream sent invalid header").
 * A bad status line would not do: nginx takes it for an HTTP/0.9 answer and passes it on as a 200.
 */
export const MALFORMED_RESPONSE = 'HTTP/1.1 200 OK\r\nX-Broken\0Header: 1\r\nContent-Length: 2\r\n\r\nok';

export function sendJson(reply: FastifyReply, instanceId: string, status: number, heldRealMs: number): FastifyReply {
  const body = status < 400 ? { instanceId, status } : { error: `${instanceId}: ${status} ${STATUS_CODES[status] ?? 'Error'}` };
  return reply
    .code(status)
    .header('date', new Date().toUTCString())
    .header('server', SERVER_HEADER)
    .header('x-lbsim-instance', instanceId)
    .header(HELD_HEADER, String(Math.round(heldRealMs * 1000)))
    // Said outright, so Node adds no `Keep-Alive: timeout=N` hint: at a high speed N rounds down to
    // 0 and clients would close after every answer; balancers keep their own idle timers anyway.
    .header('connection', 'keep-alive')
    .type('application/json')
    .send(body);
}

/** reset: the request was read, then the connection is closed with no answer. */
export function resetConnection(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.socket?.destroy();
}

export function sendMalformed(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.socket?.end(MALFORMED_RESPONSE);
}
