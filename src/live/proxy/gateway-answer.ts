// The proxy's own error answers: the profile's status for the reason (statusFor) and a JSON body
// {"error": label} in the profile's words (labelFor), with Date and Server headers like an instance's.

import type { FastifyReply } from 'fastify';
import { labelFor, statusFor, type ProfileName, type Reason } from '../../model/outcome.js';

export const PROXY_SERVER_HEADER = 'lbsim-proxy';

/** One gateway error the proxy answered, with the instance tried last (null: none was tried). */
export interface LiveGatewayError {
  reason: Reason;
  status: number;
  instance: string | null;
}

/**
 * Answers a gateway error and returns its record. A profile with no status for the reason (HAProxy's
 * silent close) closes the connection instead; the record then carries status 0.
 */
export function answerGatewayError(reply: FastifyReply, profile: ProfileName, reason: Reason, instance: string | null): LiveGatewayError {
  const status = statusFor(reason, profile);
  if (status === null) {
    reply.hijack();
    reply.raw.socket?.destroy();
    return { reason, status: 0, instance };
  }
  void reply
    .code(status)
    .header('date', new Date().toUTCString())
    .header('server', PROXY_SERVER_HEADER)
    .type('application/json')
    .send({ error: labelFor(reason, profile) });
  return { reason, status, instance };
}
