// A cluster's `health_checks` → HealthCheck (Interval, Timeout, thresholds, Target) and
// Profile.Matcher. Only the first check is modelled. Source: api/envoy/config/core/v3/health_check.proto
// (timeout, interval, both thresholds and one checker are required; 200 alone passes by default).

import { isSeq, type Node } from 'yaml';
import { ANY_MATCHER_LIMITS, parseMatcher } from '../../../model/health/health-rules.js';
import { mapEntries, seqItems } from '../yaml-source.js';
import { directiveText, joinPath, visitMap, type EnvoyLog } from './envoy-log.js';
import { durationMs, durationText, text, uint } from './envoy-values.js';
import type { EnvoyDraft } from './draft.js';

const REQUIRED = ['timeout', 'interval', 'unhealthy_threshold', 'healthy_threshold'] as const;
const CHECKERS = ['http_health_check', 'tcp_health_check', 'grpc_health_check', 'custom_health_check'] as const;

const SCHEDULE = 'not modelled: lbsim checks every Interval on a fixed schedule';
const CHECK_REASONS: Record<string, string> = {
  initial_jitter: SCHEDULE,
  interval_jitter: SCHEDULE,
  interval_jitter_percent: SCHEDULE,
  unhealthy_interval: 'not modelled: lbsim checks an unhealthy host every Interval too',
  unhealthy_edge_interval: 'not modelled: lbsim checks every Interval, also right after a host turns unhealthy',
  healthy_edge_interval: 'not modelled: lbsim checks every Interval, also right after a host turns healthy',
  no_traffic_interval: 'not modelled: used while the cluster has no traffic; lbsim sends traffic from the start',
  no_traffic_healthy_interval: 'not modelled: used while the cluster has no traffic; lbsim sends traffic from the start',
  reuse_connection: 'not modelled: each lbsim probe is its own connection',
  event_log_path: 'not modelled: logging',
  event_logger: 'not modelled: logging',
  always_log_health_check_failures: 'not modelled: logging',
  always_log_health_check_success: 'not modelled: logging',
  transport_socket_match_criteria: 'not modelled: TLS',
  alt_port: 'not modelled: lbsim checks the instance port',
};

const HTTP_REASONS: Record<string, string> = {
  host: 'not modelled: lbsim probes do not match on Host',
  request_headers_to_add: 'not modelled: headers',
  request_headers_to_remove: 'not modelled: headers',
  retriable_statuses: 'not modelled: lbsim fails a healthy host at once on any status outside the pass list',
  codec_client_type: 'not modelled: lbsim probes over HTTP/1.1',
  service_name_matcher: 'not modelled: x-envoy-upstream-healthchecked-cluster matching',
  method: 'not modelled: lbsim probes with GET',
  response_buffer_size: 'not modelled: buffers',
};

/** expected_statuses [{start, end}] (half-open) → "200-299,302"; null when lbsim's Matcher cannot say it. */
function matcherText(log: EnvoyLog, node: Node | null, path: string): { matcher: string } | { why: string } | null {
  const parts: string[] = [];
  const items = seqItems(node);
  if (items.length === 0) {
    log.error(node ?? log.source.root!, path, 'not a list of ranges', 'a list of {start, end}');
    return null;
  }
  for (const [i, item] of items.entries()) {
    const start = uint(log, mapEntries(item).find((e) => e.key === 'start')?.value ?? item, joinPath(joinPath(path, i), 'start'), 100, 599);
    const end = uint(log, mapEntries(item).find((e) => e.key === 'end')?.value ?? item, joinPath(joinPath(path, i), 'end'), 101, 600);
    if (start === undefined || end === undefined) return null;
    if (end <= start) {
      log.error(item, joinPath(path, i), 'end must be greater than start (the range is half-open)', `end > ${start}`, String(end));
      return null;
    }
    parts.push(end - 1 === start ? String(start) : `${start}-${end - 1}`);
  }
  const matcher = parts.join(',');
  const parsed = parseMatcher(matcher, ANY_MATCHER_LIMITS);
  return 'error' in parsed ? { why: `not modelled: ${parsed.error}; lbsim keeps Envoy's 200-only rule` } : { matcher };
}

function readHttpCheck(log: EnvoyLog, node: Node | null, path: string, draft: EnvoyDraft): void {
  const pathEntry = mapEntries(node).find((e) => e.key === 'path');
  if (pathEntry === undefined) log.error(node ?? log.source.root!, joinPath(path, 'path'), 'missing required key', 'a path such as /healthz');
  visitMap(log, node, path, {
    path: (e, p) => {
      const value = text(log, e.value, p, 'a path starting with "/"');
      if (value === undefined) return;
      if (!value.startsWith('/')) return log.error(e.value!, p, 'must start with "/"', 'a path starting with "/"', value);
      draft.checkTarget = { protocol: 'HTTP', path: value };
      log.apply(e.pair, directiveText(p, e.value), 'HealthCheck.Target (HTTP:port/path)');
    },
    expected_statuses: (e, p) => {
      const result = matcherText(log, e.value, p);
      if (result === null) return;
      if ('why' in result) return log.skip(e.pair, p, result.why);
      draft.profile['Matcher'] = result.matcher;
      log.apply(e.pair, p, `Profile.Matcher "${result.matcher}"`);
    },
  }, HTTP_REASONS, 'not modelled by lbsim\'s HTTP probe');
}

/** The first of `health_checks`; the others are noted. An empty list means no active checks. */
export function readHealthChecks(log: EnvoyLog, node: Node | null, path: string, draft: EnvoyDraft): void {
  const checks = seqItems(node);
  if (node !== null && !isSeq(node)) {
    log.error(node, path, 'not a list', 'a list of health checks');
    return;
  }
  checks.slice(1).forEach((check, i) => log.skip(check, joinPath(path, i + 1), 'not modelled: lbsim runs one health check; the first is used'));
  const check = checks[0];
  if (check === undefined) return;
  const checkPath = joinPath(path, 0);
  const keys = new Set(mapEntries(check).map((e) => e.key));
  for (const key of REQUIRED) if (!keys.has(key)) log.error(check, joinPath(checkPath, key), 'missing required key (Envoy has no default for it)', key.endsWith('threshold') ? 'an integer ≥ 1' : 'a duration such as "5s"');
  if (!CHECKERS.some((key) => keys.has(key))) log.error(check, checkPath, 'missing the checker', `one of ${CHECKERS.join(', ')}`);
  const health: Record<string, unknown> = {};
  draft.healthCheck = health;
  visitMap(log, check, checkPath, {
    timeout: (e, p) => {
      const ms = durationMs(log, e.value, p, true);
      if (ms === undefined) return;
      health['Timeout'] = durationText(ms);
      log.apply(e.pair, directiveText(p, e.value), 'HealthCheck.Timeout');
    },
    interval: (e, p) => {
      const ms = durationMs(log, e.value, p, true);
      if (ms === undefined) return;
      health['Interval'] = durationText(ms);
      log.apply(e.pair, directiveText(p, e.value), 'HealthCheck.Interval');
    },
    unhealthy_threshold: (e, p) => {
      const n = uint(log, e.value, p, 1);
      if (n === undefined) return;
      health['UnhealthyThreshold'] = n;
      log.apply(e.pair, directiveText(p, e.value), 'HealthCheck.UnhealthyThreshold');
    },
    healthy_threshold: (e, p) => {
      const n = uint(log, e.value, p, 1);
      if (n === undefined) return;
      health['HealthyThreshold'] = n;
      log.apply(e.pair, directiveText(p, e.value), 'HealthCheck.HealthyThreshold (a new host needs one pass, as in Envoy)');
    },
    http_health_check: (e, p) => readHttpCheck(log, e.value, p, draft),
    tcp_health_check: (e, p) => {
      if (draft.checkTarget !== null) return log.skip(e.pair, p, 'not modelled: a check has one checker; the HTTP one is used');
      draft.checkTarget = { protocol: 'TCP', path: '' };
      const payload = mapEntries(e.value).length > 0;
      if (payload) log.skip(e.pair, p, 'not modelled: send/receive payload matching; lbsim\'s TCP check is a connect (HealthCheck.Target TCP:port)');
      else log.apply(e.pair, p, 'HealthCheck.Target (TCP:port)');
    },
    grpc_health_check: (e, p) => {
      draft.checkTarget ??= { protocol: 'TCP', path: '' };
      log.skip(e.pair, p, 'not modelled: lbsim has no gRPC probe; a TCP connect check stands in (HealthCheck.Target TCP:port)');
    },
    custom_health_check: (e, p) => {
      draft.checkTarget ??= { protocol: 'TCP', path: '' };
      log.skip(e.pair, p, 'not modelled: a custom checker; a TCP connect check stands in (HealthCheck.Target TCP:port)');
    },
  }, CHECK_REASONS, 'not modelled by lbsim\'s health check');
}
