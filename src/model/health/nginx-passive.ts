// Open-source nginx passive health for one upstream peer (max_fails / fail_timeout), kept the
// way ngx_http_upstream_round_robin.c keeps it, and which outcomes count as a failure
// (proxy_next_upstream, lb-semantics.md §5.1–5.2). Pure: (peer, event) → peer.

import { ATTEMPT_FAILURE_REASONS, type Reason } from '../outcome.js';

/*
 * The source, src/http/ngx_http_upstream_round_robin.c as read in freenginx-mirror/nginx at dc413bbb
 * (nginx 1.25 lineage; other current nginx-derived trees read the same):
 *   - selection skips a peer when `max_fails && fails >= max_fails && now - checked <= fail_timeout`;
 *   - the chosen peer gets `checked = now` when `now - checked > fail_timeout`: after fail_timeout
 *     one request goes through as a probe, and the peer is skipped again while it runs;
 *   - a failure does `fails++; accessed = now; checked = now` and, when `fails >= max_fails`, logs
 *     WARN "upstream server temporarily disabled" (on every such failure, failed probes included);
 *   - a success does `fails = 0` only `if (accessed < checked)`: only when the request was chosen
 *     after fail_timeout had passed since the last failure. `fails` is not a sliding window: failures
 *     less than fail_timeout apart accumulate however many successes come between (nginx-devel,
 *     "incorrect upstream max_fails behaviour", 2020-03; nginx/nginx issue #599);
 *   - a single-server group returns before any of this: never skipped, never counted.
 * `now`, `checked` and `accessed` are ngx_time(), whole seconds, so the times here are too.
 * Not modelled: `down`, `backup` and `max_conns` peers, and the effective_weight penalty
 * (`-= weight / max_fails` per failure), which belongs to the balancing algorithm.
 *
 * All peers unavailable: `ngx_http_upstream_get_round_robin_peer` jumps to `failed:`, tries the
 * backup peers if any, and returns NGX_BUSY; `ngx_http_upstream_connect` logs "no live upstreams"
 * and calls `ngx_http_upstream_next(r, u, NGX_HTTP_UPSTREAM_FT_NOLIVE)`, which answers 502.
 * Old nginx reset every peer's `fails` there ("all peers failed, mark them as live for quick
 * recovery", nginx/nginx src/http/ngx_http_upstream_round_robin.c at 8f3dfde7, the 1.2/1.4 era);
 * the current sources above return NGX_BUSY without it, so each peer stays unavailable until its
 * own fail_timeout passes and then takes one probe request.
 */

export interface NginxPassiveParams {
  /** `max_fails`; 0 turns the accounting off. */
  maxFails: number;
  /** `fail_timeout`, a whole number of seconds in nginx. */
  failTimeoutMs: number;
  /** Statuses listed in proxy_next_upstream (`http_500` …); only these responses count as failures. */
  failStatuses: readonly number[];
}

/** `max_fails = 1; fail_timeout = 10;` in ngx_http_upstream.c, and `proxy_next_upstream error timeout`. */
export const NGINX_PASSIVE_DEFAULTS: NginxPassiveParams = { maxFails: 1, failTimeoutMs: 10_000, failStatuses: [] };

/**
 * Reasons that are always failures: `error`, `timeout` and `invalid_header` "are always considered
 * unsuccessful attempts, even if they are not specified in the directive" (§5.2). A stale
 * keep-alive connection fails with `error` too; nginx retries it without using up a try, but the
 * peer is still charged.
 */
export const NGINX_FAILURE_REASONS: readonly Reason[] = ATTEMPT_FAILURE_REASONS;

/**
 * What the default `proxy_next_upstream error timeout` passes to the next server: `error` (refused,
 * reset or closed early, a stale keep-alive connection) and `timeout` (connect and read). Not
 * `invalid_header`: a malformed response is answered 502 at once, one upstream tried, though it still
 * counts toward max_fails (§5.2; seen on nginx 1.22, §7 item 1). RetryOn with MalformedResponse is how
 * a scenario writes `proxy_next_upstream invalid_header`.
 */
export const NGINX_NEXT_UPSTREAM_DEFAULT: readonly Reason[] = ['ConnectRefused', 'ConnectTimeout', 'ResponseTimeout', 'UpstreamReset', 'KeepAliveRace'];

/** The statuses proxy_next_upstream can list; "http_403 and http_404 are never considered unsuccessful attempts". */
export const NGINX_LISTABLE_FAIL_STATUSES: readonly number[] = [500, 502, 503, 504, 429];

/** What nginx does when no peer is available (see the source note above). */
export const NGINX_NO_LIVE_UPSTREAMS = { status: 502, message: 'no live upstreams', resetsFails: false } as const;

export interface NginxPeer {
  fails: number;
  /** Start of the current error window (ngx_time() seconds). */
  checkedSeconds: number;
  /** Time of the last failure (ngx_time() seconds). */
  accessedSeconds: number;
}

/** nginx zero-fills both times: "long ago" next to the wall clock, so -Infinity here. */
export const FRESH_PEER: NginxPeer = { fails: 0, checkedSeconds: Number.NEGATIVE_INFINITY, accessedSeconds: Number.NEGATIVE_INFINITY };

/** nginx's clock: whole seconds. */
export function nginxSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

const inWindow = (peer: NginxPeer, nowMs: number, params: NginxPassiveParams) =>
  nginxSeconds(nowMs) - peer.checkedSeconds <= params.failTimeoutMs / 1000;

/** Whether selection may pick this peer now. A one-server group never marks its server unavailable. */
export function available(peer: NginxPeer, nowMs: number, params: NginxPassiveParams, groupSize: number): boolean {
  if (groupSize <= 1) return true;
  return !(params.maxFails > 0 && peer.fails >= params.maxFails && inWindow(peer, nowMs, params));
}

/** No peer is available: nginx answers 502 "no live upstreams" and leaves every peer's state as it is. */
export function noLiveUpstreams(peers: readonly NginxPeer[], nowMs: number, params: NginxPassiveParams): boolean {
  return peers.length > 0 && peers.every((peer) => !available(peer, nowMs, params, peers.length));
}

/**
 * The peer was chosen for a request. `probe` is true when it is a disabled peer getting its one
 * request after fail_timeout.
 */
export function onSelected(peer: NginxPeer, nowMs: number, params: NginxPassiveParams, groupSize: number): { peer: NginxPeer; probe: boolean } {
  if (groupSize <= 1 || inWindow(peer, nowMs, params)) return { peer, probe: false };
  const probe = params.maxFails > 0 && peer.fails >= params.maxFails;
  return { peer: { ...peer, checkedSeconds: nginxSeconds(nowMs) }, probe };
}

/** A request to the peer failed. `disabled`: nginx logs "upstream server temporarily disabled". */
export function onFailure(peer: NginxPeer, nowMs: number, params: NginxPassiveParams, groupSize: number): { peer: NginxPeer; disabled: boolean } {
  if (groupSize <= 1) return { peer, disabled: false };
  const now = nginxSeconds(nowMs);
  const fails = peer.fails + 1;
  return { peer: { fails, checkedSeconds: now, accessedSeconds: now }, disabled: params.maxFails > 0 && fails >= params.maxFails };
}

/** A request to the peer succeeded: "mark peer live if check passed". */
export function onSuccess(peer: NginxPeer, groupSize: number): NginxPeer {
  if (groupSize <= 1 || peer.fails === 0 || !(peer.accessedSeconds < peer.checkedSeconds)) return peer;
  return { ...peer, fails: 0 };
}

/** Whether an attempt's outcome charges the peer: a reason from the list above, or a listed status. */
export function countsAsFailure(outcome: { reason: Reason } | { status: number }, params: NginxPassiveParams): boolean {
  if ('reason' in outcome) return NGINX_FAILURE_REASONS.includes(outcome.reason);
  return NGINX_LISTABLE_FAIL_STATUSES.includes(outcome.status) && params.failStatuses.includes(outcome.status);
}
