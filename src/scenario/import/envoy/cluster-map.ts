// One Envoy cluster → the draft: name, connect_timeout, lb_policy (with least_request's choice_count),
// the panic threshold, endpoints, health checks and outlier detection. Source:
// api/envoy/config/cluster/v3/cluster.proto (connect_timeout default 5 s, panic threshold default 50%).

import type { Node, Pair } from 'yaml';
import { mapEntries } from '../yaml-source.js';
import { directiveText, visitMap, type EnvoyLog } from './envoy-log.js';
import { durationMs, durationText, enumName, percent, text, uint } from './envoy-values.js';
import { readLoadAssignment, type EndpointRead } from './endpoints-map.js';
import { readHealthChecks } from './health-check-map.js';
import { readOutlierDetection } from './outlier-map.js';
import type { EnvoyDraft } from './draft.js';
import { CHOICES_MAX } from '../../../model/algorithms/names.js';

export const LB_POLICIES = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RING_HASH', 'RANDOM', 'MAGLEV', 'CLUSTER_PROVIDED', 'LOAD_BALANCING_POLICY_CONFIG'] as const;
export type LbPolicy = (typeof LB_POLICIES)[number];

/** What the route's hash_policy gave, read before the cluster (ring hash and Maglev need it). */
export type HashKey = 'client' | 'path' | { Header: string } | null;

const DISCOVERY = 'not modelled: lbsim\'s pool is the endpoints listed in load_assignment';
const CLUSTER_REASONS: Record<string, string> = {
  type: DISCOVERY,
  cluster_type: DISCOVERY,
  eds_cluster_config: DISCOVERY,
  dns_lookup_family: 'not modelled: DNS',
  dns_refresh_rate: 'not modelled: DNS',
  dns_resolvers: 'not modelled: DNS',
  dns_resolution_config: 'not modelled: DNS',
  typed_dns_resolver_config: 'not modelled: DNS',
  respect_dns_ttl: 'not modelled: DNS',
  circuit_breakers: 'not modelled: Envoy\'s circuit breakers (max connections, pending and retries) have no lbsim field; SurgeQueueLength is CLB\'s surge queue, not this',
  transport_socket: 'not modelled: TLS',
  transport_socket_matches: 'not modelled: TLS',
  typed_extension_protocol_options: 'not modelled: upstream HTTP protocol options (HTTP/2, idle timeouts, max requests per connection)',
  http2_protocol_options: 'not modelled: lbsim speaks HTTP/1.1 to instances',
  http_protocol_options: 'not modelled: upstream HTTP/1.1 options',
  common_http_protocol_options: 'not modelled: upstream connection idle timeout and limits',
  upstream_http_protocol_options: 'not modelled: upstream HTTP options',
  max_requests_per_connection: 'not modelled: connection reuse limits',
  per_connection_buffer_limit_bytes: 'not modelled: buffers',
  upstream_connection_options: 'not modelled: TCP keepalive',
  upstream_bind_config: 'not modelled: source address',
  ring_hash_lb_config: 'not modelled: lbsim sizes its own ring',
  maglev_lb_config: 'not modelled: lbsim uses a 65537-entry table',
  lb_subset_config: 'not modelled: subset load balancing',
  load_balancing_policy: 'not modelled: typed load_balancing_policy extensions; lb_policy is read',
  metadata: 'not modelled: metadata',
  alt_stat_name: 'not modelled: stats',
  track_cluster_stats: 'not modelled: stats',
  track_timeout_budgets: 'not modelled: stats',
  close_connections_on_host_health_failure: 'not modelled: lbsim lets in-flight requests finish when a host turns unhealthy',
  ignore_health_on_host_removal: 'not modelled: lbsim\'s pool does not change by discovery',
  filters: 'not modelled: upstream network filters',
  cleanup_interval: 'not modelled: discovery',
  wait_for_warm_on_init: 'not modelled: discovery',
  preconnect_policy: 'not modelled: connection preconnecting',
  connection_pool_per_downstream_connection: 'not modelled: connection pools',
  protocol_selection: 'not modelled: lbsim speaks HTTP/1.1 to instances',
};

const COMMON_LB_REASONS: Record<string, string> = {
  zone_aware_lb_config: 'not modelled: zone-aware routing needs a local cluster; lbsim routes to every zone',
  locality_weighted_lb_config: 'not modelled: locality weights',
  update_merge_window: 'not modelled: discovery updates',
  ignore_new_hosts_until_first_hc: 'not modelled: new hosts already wait for their first check in lbsim\'s envoy profile',
  close_connections_on_host_set_change: 'not modelled: discovery updates',
  consistent_hashing_lb_config: 'not modelled: hash table options',
  override_host_status: 'not modelled: host override',
};

export interface ClusterRead {
  endpoints: EndpointRead[];
  /** Where the cluster is, for errors about it as a whole. */
  at: Node;
}

/** The algorithm for a policy, by whether weights differ and whether the route gives a hash key. */
function algorithmFor(policy: LbPolicy, weighted: boolean, hashKey: HashKey): { algorithm: string | null; why: string } {
  switch (policy) {
    case 'ROUND_ROBIN':
      return weighted ? { algorithm: 'weighted-round-robin', why: 'weights differ' } : { algorithm: 'round-robin', why: '' };
    case 'LEAST_REQUEST':
      return {
        algorithm: 'least-outstanding',
        why: weighted ? 'Envoy divides each weight by (active requests + 1); lbsim\'s least-outstanding ignores weights' : 'equal weights: Envoy picks the less loaded of Choices random hosts',
      };
    case 'RANDOM':
      return weighted ? { algorithm: 'weighted-random', why: 'weights differ' } : { algorithm: 'random', why: '' };
    case 'RING_HASH':
    case 'MAGLEV':
      if (hashKey === null) return { algorithm: 'random', why: 'no route hash_policy: Envoy hashes a random number per request, which is random choice' };
      return { algorithm: policy === 'RING_HASH' ? 'consistent-hash' : 'maglev', why: 'keyed by the route\'s hash_policy' };
    default:
      return { algorithm: null, why: '' };
  }
}

/** What the cluster's own keys said, before the endpoints and the policy are put together. */
interface ClusterKeys {
  endpoints: EndpointRead[];
  policy: LbPolicy;
  policyEntry: { pair: Pair; value: Node | null; path: string } | null;
  choiceCount: { n: number; pair: Pair; value: Node | null; path: string } | null;
  sawLoadAssignment: boolean;
  deferred: Array<() => void>;
}

function readClusterKeys(log: EnvoyLog, cluster: Node, draft: EnvoyDraft): ClusterKeys {
  const keys: ClusterKeys = { endpoints: [], policy: 'ROUND_ROBIN', policyEntry: null, choiceCount: null, sawLoadAssignment: false, deferred: [] };
  visitMap(log, cluster, '', {
    name: (e, p) => {
      const name = text(log, e.value, p, 'a cluster name');
      if (name === undefined) return;
      // Said here because an absent key has no line of its own.
      const noChecks = () => (draft.healthCheck === null ? '; no health_checks: Profile.ActiveChecks false (Envoy takes every host as healthy)' : '');
      keys.deferred.push(() => log.apply(e.pair, directiveText(p, e.value), `Name, LoadBalancerName${noChecks()}`));
    },
    connect_timeout: (e, p) => {
      const ms = durationMs(log, e.value, p, true);
      if (ms === undefined) return;
      draft.profile['ConnectTimeout'] = durationText(ms);
      log.apply(e.pair, directiveText(p, e.value), 'Profile.ConnectTimeout');
    },
    lb_policy: (e, p) => {
      const given = enumName(log, e.value, p, LB_POLICIES);
      if (given === undefined) return;
      keys.policy = given;
      keys.policyEntry = { pair: e.pair, value: e.value, path: p };
    },
    least_request_lb_config: (e, p) => visitMap(log, e.value, p, {
      choice_count: (c, cp) => {
        const n = uint(log, c.value, cp, 2);
        if (n !== undefined) keys.choiceCount = { n, pair: c.pair, value: c.value, path: cp };
      },
      active_request_bias: (c, cp) => log.skip(c.pair, directiveText(cp, c.value), 'not modelled: lbsim\'s least-outstanding does not weigh hosts'),
      slow_start_config: (c, cp) => log.skip(c.pair, cp, 'not modelled: lbsim refuses slow start with least-outstanding (as ALB does)'),
    }, {}, 'not modelled by lbsim\'s least-outstanding'),
    round_robin_lb_config: (e, p) => visitMap(log, e.value, p, {}, {
      slow_start_config: 'not modelled: Envoy\'s slow start (aggression, min_weight_percent) is not mapped to Balancing.SlowStart',
    }, 'not modelled'),
    common_lb_config: (e, p) => visitMap(log, e.value, p, {
      healthy_panic_threshold: (c, cp) => {
        const read = percent(log, c.value, cp);
        if (read === undefined) return;
        draft.profile['PanicThreshold'] = read.value;
        log.apply(c.pair, `${cp}.value: ${read.value}`, 'Profile.PanicThreshold');
      },
    }, COMMON_LB_REASONS, 'not modelled'),
    load_assignment: (e, p) => {
      keys.sawLoadAssignment = true;
      keys.endpoints = readLoadAssignment(log, e.value, p);
    },
    health_checks: (e, p) => readHealthChecks(log, e.value, p, draft),
    outlier_detection: (e, p) => readOutlierDetection(log, e.value, p, draft, e.pair),
  }, CLUSTER_REASONS, 'not modelled: not about balancing in lbsim\'s model');
  return keys;
}

/** lb_policy and least_request_lb_config into Balancing (Algorithm, Choices, HashKey). */
function applyPolicy(log: EnvoyLog, keys: ClusterKeys, weighted: boolean, hashKey: HashKey, draft: EnvoyDraft): void {
  const { algorithm, why } = algorithmFor(keys.policy, weighted, hashKey);
  const entry = keys.policyEntry;
  if (algorithm === null) {
    if (entry !== null) log.skip(entry.pair, directiveText(entry.path, entry.value), 'not modelled: the cluster or a typed policy picks hosts; lbsim balances round-robin');
  } else {
    const setsAlgorithm = entry !== null || algorithm !== 'round-robin';
    if (setsAlgorithm) draft.balancing['Algorithm'] = algorithm;
    if (entry !== null) log.apply(entry.pair, directiveText(entry.path, entry.value), `Balancing.Algorithm ${algorithm}${why === '' ? '' : ` (${why})`}`);
  }
  const count = keys.choiceCount;
  // least_request_lb_config.choice_count defaults to 2 (cluster.proto).
  if (algorithm === 'least-outstanding') draft.balancing['Choices'] = Math.min(count?.n ?? 2, CHOICES_MAX);
  if (algorithm === 'consistent-hash' || algorithm === 'maglev') draft.balancing['HashKey'] = hashKey;
  if (count !== null) {
    if (algorithm !== 'least-outstanding') log.skip(count.pair, directiveText(count.path, count.value), 'not modelled: only used by LEAST_REQUEST');
    else log.apply(count.pair, directiveText(count.path, count.value), count.n > CHOICES_MAX ? `Balancing.Choices ${CHOICES_MAX} (lbsim's most)` : 'Balancing.Choices');
  }
}

export function readCluster(log: EnvoyLog, cluster: Node, draft: EnvoyDraft, hashKey: HashKey): ClusterRead {
  const keys = readClusterKeys(log, cluster, draft);
  const { endpoints } = keys;
  // Envoy: "If no active health checking is configured, all hosts are considered healthy" (load_balancers.rst).
  if (draft.healthCheck === null) draft.profile['ActiveChecks'] = false;
  for (const note of keys.deferred) note();
  const nameNode = mapEntries(cluster).find((e) => e.key === 'name');
  if (nameNode === undefined) log.error(cluster, 'name', 'missing required key', 'a cluster name');
  if (endpoints.length === 0 && log.errors.length === 0) {
    const why = keys.sawLoadAssignment ? 'no endpoints of priority 0 in load_assignment' : 'no load_assignment (EDS and DNS discovery are not read)';
    log.error(nameNode?.pair.key as Node ?? cluster, 'load_assignment', `a cluster with no endpoints: ${why}`, 'load_assignment.endpoints[].lb_endpoints[] with socket addresses');
  }
  const weights = endpoints.map((endpoint) => endpoint.weight ?? 1);
  const weighted = weights.some((w) => w !== weights[0]);
  applyPolicy(log, keys, weighted, hashKey, draft);
  draft.instances = endpoints.map((endpoint) => ({
    InstanceId: endpoint.id,
    ...(weighted ? { Weight: endpoint.weight ?? 1 } : {}),
    ...(endpoint.zone === null ? {} : { AvailabilityZone: endpoint.zone }),
    ...(endpoint.unroutable ? { Registered: false } : {}),
  }));
  draft.instancePort = endpoints[0]?.port ?? null;
  const otherPort = endpoints.find((endpoint) => endpoint.port !== draft.instancePort);
  if (otherPort !== undefined) log.skip(otherPort.at, `endpoint ${otherPort.id}`, `not modelled: lbsim has one instance port; ${draft.instancePort} (the first endpoint's) is used`);
  return { endpoints, at: cluster };
}
