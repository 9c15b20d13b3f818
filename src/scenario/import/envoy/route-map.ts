// The route that sends to the cluster → IdleTimeout (the route `timeout`, Envoy's default 15 s), its
// retry policy (retry-map.ts) and, for ring hash and Maglev, the hash key from `hash_policy`.
// Source: api/envoy/config/route/v3/route_components.proto (RouteAction).

import type { Node } from 'yaml';
import { mapEntries, seqItems } from '../yaml-source.js';
import { directiveText, joinPath, visitMap, type EnvoyLog } from './envoy-log.js';
import { bool, durationMs, durationText, text } from './envoy-values.js';
import { readRetryPolicy } from './retry-map.js';
import type { HashKey } from './cluster-map.js';
import type { EnvoyDraft } from './draft.js';

/** A client population for hashing by source address: lbsim needs one, the file cannot say how many. */
const HASH_CLIENTS = 100;

const ROUTE_ACTION_REASONS: Record<string, string> = {
  idle_timeout: 'not modelled: a stream idle timeout; lbsim times the response with the route timeout',
  prefix_rewrite: 'not modelled: request rewriting',
  regex_rewrite: 'not modelled: request rewriting',
  host_rewrite_literal: 'not modelled: request rewriting',
  auto_host_rewrite: 'not modelled: request rewriting',
  max_stream_duration: 'not modelled: stream duration limits',
  max_grpc_timeout: 'not modelled: gRPC',
  request_mirror_policies: 'not modelled: mirroring',
  cors: 'not modelled: CORS',
  priority: 'not modelled: lbsim has no routing priorities',
  rate_limits: 'not modelled: rate limiting',
  upgrade_configs: 'not modelled: protocol upgrades',
  hedge_policy: 'not modelled: request hedging',
  retry_policy_typed_config: 'not modelled: typed retry policies',
};

function readHashPolicy(log: EnvoyLog, node: Node | null, path: string, hashing: boolean, draft: EnvoyDraft): HashKey {
  let key: HashKey = null;
  seqItems(node).forEach((policy, i) => {
    const policyPath = joinPath(path, i);
    if (!hashing) return log.skip(policy, policyPath, 'not modelled: only ring hash and Maglev clusters hash');
    if (key !== null) return log.skip(policy, policyPath, 'not modelled: lbsim hashes one key; the first policy is used');
    visitMap(log, policy, policyPath, {
      header: (e, p) => {
        const name = mapEntries(e.value).find((entry) => entry.key === 'header_name');
        const header = name === undefined ? undefined : text(log, name.value, joinPath(p, 'header_name'), 'a header name');
        if (name === undefined) log.error(e.value ?? e.pair.key as Node, joinPath(p, 'header_name'), 'missing required key', 'a header name');
        if (header === undefined) return;
        key = header === ':path' ? 'path' : { Header: header };
        log.apply(e.pair, `${p}.header_name: ${header}`, `Balancing.HashKey ${header === ':path' ? '"path"' : `{"Header": "${header}"}`}`);
      },
      connection_properties: (e, p) => {
        const source = mapEntries(e.value).find((entry) => entry.key === 'source_ip');
        const on = source === undefined ? false : bool(log, source.value, joinPath(p, 'source_ip'));
        if (on !== true) return log.skip(e.pair, p, 'not modelled: hashes nothing without source_ip: true');
        key = 'client';
        draft.clients = { Count: HASH_CLIENTS };
        log.apply(e.pair, `${p}.source_ip: true`, `Balancing.HashKey "client", Traffic.Clients.Count ${HASH_CLIENTS} (lbsim needs a client population to hash; set yours)`);
      },
    }, { terminal: 'not modelled: lbsim hashes one key' }, 'not modelled: lbsim hashes a header, the path or the client');
  });
  return key;
}

/** Whether a `routes[]` entry has its own retry_policy (which replaces the virtual host's, values not inherited). */
export function routeHasRetryPolicy(route: Node): boolean {
  const action = mapEntries(route).find((e) => e.key === 'route')?.value ?? null;
  return mapEntries(action).some((e) => e.key === 'retry_policy');
}

/** Reads the chosen route (a `routes[]` entry); `hashing`: the cluster's lb_policy hashes. */
export function readRoute(log: EnvoyLog, route: Node, path: string, draft: EnvoyDraft, hashing: boolean): HashKey {
  let hashKey: HashKey = null;
  visitMap(log, route, path, {
    match: (e, p) => log.skip(e.pair, p, 'not modelled: request matching; lbsim sends every request through this route'),
    route: (e, p) => visitMap(log, e.value, p, {
      cluster: (c, cp) => log.apply(c.pair, directiveText(cp, c.value), 'no field: the route to the imported cluster; its timeout and retries are read'),
      timeout: (c, cp) => {
        const ms = durationMs(log, c.value, cp, false);
        if (ms === undefined) return;
        if (ms === 0) return log.skip(c.pair, directiveText(cp, c.value), 'not modelled: 0 disables the route timeout; lbsim keeps one (the profile\'s 15 s)');
        draft.idleTimeout = durationText(ms);
        log.apply(c.pair, directiveText(cp, c.value), 'LoadBalancerAttributes.ConnectionSettings.IdleTimeout (lbsim times each attempt; Envoy\'s route timeout also covers retries)');
      },
      retry_policy: (c, cp) => readRetryPolicy(log, c.value, cp, draft),
      hash_policy: (c, cp) => {
        hashKey = readHashPolicy(log, c.value, cp, hashing, draft);
      },
    }, ROUTE_ACTION_REASONS, 'not modelled: not about balancing in lbsim\'s model'),
  }, {}, 'not modelled: not about balancing in lbsim\'s model');
  return hashKey;
}
