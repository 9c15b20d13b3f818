// What one side of a differential run saw, in one shape for the real balancer and for lbsim: each
// request's answer with the balancer's own label, and each health transition, in scenario seconds.

export interface Answer {
  id: number;
  /** Scenario seconds when the request was due (constant arrivals: id / rate). */
  arrivalS: number;
  status: number | 'error' | 'timeout';
  /** HAProxy: termination state ("--", "SC", "sH", "PH", "SC <NOSRV>"); nginx: the error-log reason; a 2xx is "--", or RETRIED after a failed attempt. */
  label: string;
  latencyS: number;
  /** Real side: how late the client sent it (s); lbsim sends on time (0). */
  lateS: number;
}

export interface Transition {
  instance: string;
  /** HAProxy DOWN/UP; nginx: "down" is "upstream server temporarily disabled" (nginx logs no return). */
  to: 'down' | 'up';
  atS: number;
}

export interface Observed {
  answers: Answer[];
  transitions: Transition[];
}

/** The label of a success after at least one failed attempt (HAProxy %rc > 0; nginx logged an error for it). */
export const RETRIED = '-- after retry';

/** nginx's error-log wording (and lbsim's nginx labels, which quote it) reduced to the reason itself. */
export function nginxReason(text: string): string | null {
  if (/Connection refused/.test(text)) return 'Connection refused';
  if (/upstream timed out/.test(text)) return 'upstream timed out';
  if (/upstream sent invalid header/.test(text)) return 'upstream sent invalid header';
  if (/no live upstreams/.test(text)) return 'no live upstreams';
  if (/prematurely closed/.test(text)) return 'upstream prematurely closed connection';
  return null;
}

/**
 * nginx disables: one per episode. nginx warns "temporarily disabled" on every failure while fails ≥
 * max_fails (each request still in flight to a hung server adds one), and a disabled server is tried
 * again only after fail_timeout, so warnings closer than fail_timeout to the previous one are the same episode.
 */
export function oneDisablePerEpisode(transitions: Transition[], failTimeoutS: number): Transition[] {
  const lastWarnS = new Map<string, number>();
  const kept: Transition[] = [];
  for (const t of [...transitions].sort((a, b) => a.atS - b.atS)) {
    const previous = lastWarnS.get(t.instance);
    if (previous === undefined || t.atS - previous > failTimeoutS) kept.push(t);
    lastWarnS.set(t.instance, t.atS);
  }
  return kept;
}
