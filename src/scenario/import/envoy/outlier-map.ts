// A cluster's `outlier_detection` → Profile.OutlierDetection: consecutive-5xx ejection only, as
// lbsim models it (model/health/envoy-outlier.ts). Source: api/envoy/config/cluster/v3/outlier_detection.proto.

import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { mapEntries } from '../yaml-source.js';
import { directiveText, visitMap, type EnvoyLog } from './envoy-log.js';
import { bool, durationMs, durationText, uint } from './envoy-values.js';
import type { EnvoyDraft } from './draft.js';

const STATISTICS = 'not modelled: lbsim ejects on consecutive 5xx only, not on success-rate or failure-percentage statistics';
const REASONS: Record<string, string> = {
  consecutive_gateway_failure: 'not modelled: gateway-failure ejection (off unless enforcing_consecutive_gateway_failure > 0)',
  enforcing_consecutive_gateway_failure: 'not modelled: gateway-failure ejection',
  consecutive_local_origin_failure: 'not modelled: only with split_external_local_origin_errors',
  enforcing_consecutive_local_origin_failure: 'not modelled: only with split_external_local_origin_errors',
  enforcing_success_rate: STATISTICS,
  success_rate_minimum_hosts: STATISTICS,
  success_rate_request_volume: STATISTICS,
  success_rate_stdev_factor: STATISTICS,
  enforcing_local_origin_success_rate: STATISTICS,
  failure_percentage_threshold: STATISTICS,
  enforcing_failure_percentage: STATISTICS,
  enforcing_failure_percentage_local_origin: STATISTICS,
  failure_percentage_minimum_hosts: STATISTICS,
  failure_percentage_request_volume: STATISTICS,
  max_ejection_time_jitter: 'not modelled: random jitter on the ejection time',
  successful_active_health_check_uneject_host: 'not modelled: an ejected host returns only when its ejection time is up',
  monitors: 'not modelled: outlier detection extensions',
  detect_degraded_hosts: 'not modelled: lbsim has no degraded tier',
};

export function readOutlierDetection(log: EnvoyLog, node: Node | null, path: string, draft: EnvoyDraft, at: Pair): void {
  const outlier: Record<string, unknown> = {};
  if (node !== null && !isMap(node) && !(isScalar(node) && node.value === null)) {
    log.error(node, path, 'not an object', 'an object of outlier detection settings, or {}');
    return;
  }
  const duration = (field: string) => (e: { pair: Pair; value: Node | null }, p: string) => {
    const ms = durationMs(log, e.value, p, true);
    if (ms === undefined) return;
    outlier[field] = durationText(ms);
    log.apply(e.pair, directiveText(p, e.value), `Profile.OutlierDetection.${field}`);
  };
  visitMap(log, node, path, {
    consecutive_5xx: (e, p) => {
      const n = uint(log, e.value, p, 1, 1000);
      if (n === undefined) return;
      outlier['Consecutive5xx'] = n;
      log.apply(e.pair, directiveText(p, e.value), 'Profile.OutlierDetection.Consecutive5xx (connect failures, resets and timeouts count as 5xx)');
    },
    interval: duration('Interval'),
    base_ejection_time: duration('BaseEjectionTime'),
    max_ejection_time: duration('MaxEjectionTime'),
    max_ejection_percent: (e, p) => {
      const n = uint(log, e.value, p, 0, 100);
      if (n === undefined) return;
      outlier['MaxEjectionPercent'] = n;
      log.apply(e.pair, directiveText(p, e.value), 'Profile.OutlierDetection.MaxEjectionPercent');
    },
    always_eject_one_host: (e, p) => {
      const b = bool(log, e.value, p);
      if (b === undefined) return;
      outlier['AlwaysEjectOneHost'] = b;
      log.apply(e.pair, directiveText(p, e.value), 'Profile.OutlierDetection.AlwaysEjectOneHost');
    },
    enforcing_consecutive_5xx: (e, p) => {
      const n = uint(log, e.value, p, 0, 100);
      if (n === undefined) return;
      if (n === 100) log.apply(e.pair, directiveText(p, e.value), 'no field: lbsim always enforces, as 100 does');
      else log.skip(e.pair, directiveText(p, e.value), 'not modelled: enforcement below 100% is a random draw; lbsim always ejects');
    },
    split_external_local_origin_errors: (e, p) => {
      const b = bool(log, e.value, p);
      if (b === undefined) return;
      if (!b) log.apply(e.pair, directiveText(p, e.value), 'no field: local failures count as 5xx, as lbsim counts them');
      else log.skip(e.pair, directiveText(p, e.value), 'not modelled: lbsim counts connect failures and timeouts as 5xx (the unsplit mode)');
    },
  }, REASONS, 'not modelled by lbsim\'s outlier detection');
  // An empty block turns detection on with Envoy's defaults, which `true` means.
  draft.profile['OutlierDetection'] = Object.keys(outlier).length === 0 ? true : outlier;
  if (mapEntries(node).length === 0) log.apply(at, path, 'Profile.OutlierDetection true (Envoy\'s defaults)');
}
