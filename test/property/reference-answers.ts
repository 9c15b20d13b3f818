// What each real balancer answers per failure, typed here from /work/shared/reference/lb-semantics.md
// (section per cell) and never read from src/: the oracle the simulator's statuses, labels and
// timeouts are checked against. Cells the reference cannot fill say where the number comes from.

import type { ProfileName, Reason } from '../../src/model/outcome.js';

export interface ReferenceAnswer {
  /** The status in the default configuration; null: no status (routes around it, or closes silently). */
  status: number | null;
  /** With status null: what it answers when a setting makes it answer after all (ALB fail-open off, Envoy panic 0). */
  whenForced?: number;
  /** Words the balancer's own log/flag has for it (HAProxy termination state, Envoy flag, nginx error.log). */
  native?: string;
  /** status null because it closes the client connection without a status (not because it routes around). */
  silent?: true;
}

type Row = Record<ProfileName, ReferenceAnswer>;

export const REFERENCE_ANSWERS: Record<Reason, Row> = {
  // §1.2 503 cause 2; §2.2 503; §6 row 1 (nginx: all peers down is "no live upstreams", 502, §5.3 FT_NOLIVE);
  // §4.2 NOSRV → 503 SC; §3.1 UH 503.
  NoRegisteredInstances: {
    'aws-clb': { status: 503 },
    'aws-alb': { status: 503 },
    nginx: { status: 502, native: 'no live upstreams' },
    haproxy: { status: 503, native: 'SC' },
    envoy: { status: 503, native: 'UH' },
  },
  // §1.2 503 cause 3 (CLB does not fail open); §2.1 ALB fails open; §5.3 502 "no live upstreams";
  // §6 row 2 HAProxy 503 SC <NOSRV>; §3.4 Envoy panics below 50% healthy, with the threshold at 0 "503 - no healthy upstream".
  // ALB with fail-open off is not in the reference (AWS has no such switch); 503 as for "no registered targets" (§2.2).
  NoHealthyInstances: {
    'aws-clb': { status: 503 },
    'aws-alb': { status: null, whenForced: 503 },
    nginx: { status: 502, native: 'no live upstreams' },
    haproxy: { status: 503, native: 'SC' },
    envoy: { status: null, whenForced: 503, native: 'UH' },
  },
  // §1.2: CLB's status after its connect retries is UNVERIFIED; 503 is DESIGN.md's marked inference.
  // §2.2 502 item 1; §5.3/§5.4 FT_ERROR 502; §4.2 SC 503 (and §7: "503 after three refused retries"); §3.1 UF 503.
  ConnectRefused: {
    'aws-clb': { status: 503 },
    'aws-alb': { status: 502 },
    nginx: { status: 502, native: '(111: Connection refused)' },
    haproxy: { status: 503, native: 'SC' },
    envoy: { status: 503, native: 'UF' },
  },
  // §1.2: UNVERIFIED for CLB; 504 is DESIGN.md's marked inference. §2.2 504 item 1; §5.3 FT_TIMEOUT 504;
  // §4.2 sC 503; §3.1 "connect timeout counts as a connect failure": UF 503.
  ConnectTimeout: {
    'aws-clb': { status: 504 },
    'aws-alb': { status: 504 },
    nginx: { status: 504, native: 'while connecting to upstream' },
    haproxy: { status: 503, native: 'sC' },
    envoy: { status: 503, native: 'UF' },
  },
  // §1.2 504 cause 1; §2.2 504 item 2; §5.4 "while reading response header"; §4.2 sH 504; §3.1 UT 504.
  ResponseTimeout: {
    'aws-clb': { status: 504 },
    'aws-alb': { status: 504 },
    nginx: { status: 504, native: 'while reading response header' },
    haproxy: { status: 504, native: 'sH' },
    envoy: { status: 504, native: 'UT' },
  },
  // §6 row 6 and simulator note 3: CLB 504, ALB 502, Envoy 503 UC, HAProxy 502 SH, nginx 502 "prematurely closed".
  UpstreamReset: {
    'aws-clb': { status: 504 },
    'aws-alb': { status: 502 },
    nginx: { status: 502, native: 'prematurely closed' },
    haproxy: { status: 502, native: 'SH' },
    envoy: { status: 503, native: 'UC' },
  },
  // §2.4: ALB 502, CLB 504 (504 cause 2); §6 row 6: nginx retries, last 502; §4.2 exception: HAProxy
  // closes a reused keep-alive connection's client without any status; Envoy 503 UC.
  KeepAliveRace: {
    'aws-clb': { status: 504 },
    'aws-alb': { status: 502 },
    nginx: { status: 502, native: 'prematurely closed' },
    haproxy: { status: null, silent: true },
    envoy: { status: 503, native: 'UC' },
  },
  // §6 row 7: 502 everywhere (HAProxy PH, Envoy UPE, nginx "upstream sent invalid header").
  MalformedResponse: {
    'aws-clb': { status: 502 },
    'aws-alb': { status: 502 },
    nginx: { status: 502, native: 'upstream sent invalid header' },
    haproxy: { status: 502, native: 'PH' },
    envoy: { status: 502, native: 'UPE' },
  },
  // §1.3 CLB surge queue full: 503 (SpilloverCount); §6 row 9: ALB rejects the connection (no status),
  // nginx has no queue in open source; HAProxy sQ 503; Envoy UO 503.
  SurgeQueueFull: {
    'aws-clb': { status: 503 },
    'aws-alb': { status: null },
    nginx: { status: null },
    haproxy: { status: 503, native: 'sQ' },
    envoy: { status: 503, native: 'UO' },
  },
};

/**
 * The status a client sees for the reason under the profile as configured: 0 where it closes without
 * one, null where the reason cannot happen at all (it routes around it, or has no such queue).
 */
export function referenceStatus(reason: Reason, profile: ProfileName, forced: boolean): number | null {
  const cell = REFERENCE_ANSWERS[reason][profile];
  if (cell.status !== null) return cell.status;
  if (cell.silent) return 0;
  return forced && cell.whenForced !== undefined ? cell.whenForced : null;
}

/**
 * Connect timeouts: ALB 10 s (§2.2 504 item 1), Envoy `connect_timeout` 5 s (§3.1), nginx
 * `proxy_connect_timeout` 60 s (§5.2). CLB documents none (§1.2, UNVERIFIED) and HAProxy has no
 * default (§4.1 gives only `timeout connect` as a setting): there the profile's declared choice, ALB's
 * 10 s for CLB and 5 s for HAProxy, as its `uncertain` notes say.
 */
export const CONNECT_TIMEOUT_MS: Record<ProfileName, number> = {
  'aws-clb': 10_000,
  'aws-alb': 10_000,
  nginx: 60_000,
  haproxy: 5_000,
  envoy: 5_000,
};

/** HAProxy's turnaround before retrying a refused connection: min(timeout connect, 1 s) (§4.1), 1 s with 5 s. */
export const HAPROXY_TURNAROUND_MS = 1_000;

/** nginx `fail_timeout` default 10 s (§5.1), counted on whole seconds (§7 item 6). */
export const NGINX_FAIL_TIMEOUT_S = 10;
