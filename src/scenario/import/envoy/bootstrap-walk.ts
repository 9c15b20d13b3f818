// Notes for everything in the file around the imported cluster: other clusters, listeners, filters,
// virtual hosts and routes, and bootstrap settings not about balancing. Along the way it reads the
// listener's port (LoadBalancerPort), the virtual host's retry_policy and the chosen route (route-map.ts).

import type { Node } from 'yaml';
import { mapEntries, seqItems } from '../yaml-source.js';
import { directiveText, joinPath, visitMap, type EnvoyLog } from './envoy-log.js';
import { uint } from './envoy-values.js';
import { child, type ClusterFound, type RouteFound } from './locate.js';
import { readRetryPolicy } from './retry-map.js';
import { readRoute, routeHasRetryPolicy } from './route-map.js';
import type { HashKey } from './cluster-map.js';
import type { EnvoyDraft } from './draft.js';

const NOT_BALANCING = 'not modelled: not about balancing';

const BOOTSTRAP_REASONS: Record<string, string> = {
  dynamic_resources: 'not modelled: xDS; only static_resources are read',
  admin: 'not modelled: the admin interface',
  node: 'not modelled: node identity',
  layered_runtime: 'not modelled: runtime',
  stats_sinks: 'not modelled: stats',
  stats_config: 'not modelled: stats',
  overload_manager: 'not modelled: overload manager',
};

const HCM_REASONS: Record<string, string> = {
  '@type': 'not modelled: the type URL',
  stat_prefix: 'not modelled: stats',
  codec_type: 'not modelled: lbsim\'s clients speak HTTP/1.1',
  http_filters: 'not modelled: HTTP filters; lbsim\'s balancer is the router',
  access_log: 'not modelled: logging',
  use_remote_address: 'not modelled: client addresses',
  xff_num_trusted_hops: 'not modelled: client addresses',
  common_http_protocol_options: 'not modelled: downstream idle timeouts and limits',
  stream_idle_timeout: 'not modelled: downstream stream idle timeout',
  request_timeout: 'not modelled: downstream request timeout',
  drain_timeout: 'not modelled: downstream connection draining',
  generate_request_id: 'not modelled: request ids',
  tracing: 'not modelled: tracing',
};

export interface BootstrapRead {
  hashKey: HashKey;
}

type WalkContext = {
  log: EnvoyLog;
  draft: EnvoyDraft;
  clusterName: string;
  routes: RouteFound[];
  hashing: boolean;
  hashKey: HashKey;
};

const lineOf = (ctx: WalkContext, node: Node): number => ctx.log.source.spotOf(node).line;

function walkVhost(ctx: WalkContext, vhost: Node, path: string): void {
  const chosen = ctx.routes[0]!;
  visitMap(ctx.log, vhost, path, {
    retry_policy: (e, p) => {
      if (routeHasRetryPolicy(chosen.route)) ctx.log.skip(e.pair, p, 'not modelled: the route\'s own retry_policy replaces it');
      else readRetryPolicy(ctx.log, e.value, p, ctx.draft);
    },
    routes: (e) => seqItems(e.value).forEach((route, i) => {
      const routePath = joinPath(`${path}.routes`, i);
      if (route === chosen.route) ctx.hashKey = readRoute(ctx.log, route, routePath, ctx.draft, ctx.hashing);
      else if (ctx.routes.some((r) => r.route === route)) ctx.log.skip(route, routePath, `not modelled: another route to ${ctx.clusterName}; lbsim models one, the first (line ${lineOf(ctx, chosen.route)})`);
      else ctx.log.skip(route, routePath, `not modelled: does not route to ${ctx.clusterName}`);
    }),
  }, { name: 'not modelled: a label', domains: 'not modelled: host matching; every request goes to this virtual host' }, NOT_BALANCING);
}

function walkHcm(ctx: WalkContext, filter: Node, path: string): void {
  const chosen = ctx.routes[0]!;
  visitMap(ctx.log, filter, path, {
    typed_config: (e, p) => visitMap(ctx.log, e.value, p, {
      route_config: (r, rp) => visitMap(ctx.log, r.value, rp, {
        virtual_hosts: (v) => seqItems(v.value).forEach((vhost, i) => {
          const vhostPath = joinPath('virtual_hosts', i);
          if (vhost === chosen.vhost) walkVhost(ctx, vhost, vhostPath);
          else if (ctx.routes.some((route) => route.vhost === vhost)) ctx.log.skip(vhost, vhostPath, `not modelled: another virtual host routing to ${ctx.clusterName}; lbsim models one route, the first (line ${lineOf(ctx, chosen.route)})`);
          else ctx.log.skip(vhost, vhostPath, `not modelled: does not route to ${ctx.clusterName}`);
        }),
      }, { name: 'not modelled: a label' }, NOT_BALANCING),
    }, HCM_REASONS, NOT_BALANCING),
  }, { name: 'not modelled: the HTTP connection manager, whose route is read' }, NOT_BALANCING);
}

function walkListener(ctx: WalkContext, listener: Node, path: string): void {
  const chosen = ctx.routes[0]!;
  visitMap(ctx.log, listener, path, {
    address: (e, p) => visitMap(ctx.log, e.value, p, {
      socket_address: (s, sp) => visitMap(ctx.log, s.value, sp, {
        port_value: (v, vp) => {
          const port = uint(ctx.log, v.value, vp, 1, 65535);
          if (port === undefined) return;
          ctx.draft.listenerPort = port;
          ctx.log.apply(v.pair, directiveText(vp, v.value), 'Listeners[0].LoadBalancerPort');
        },
      }, { address: 'not modelled: the bind address' }, NOT_BALANCING),
    }, {}, 'not modelled: only socket_address is read'),
    filter_chains: (e, p) => seqItems(e.value).forEach((chain, i) => {
      const chainPath = joinPath(p, i);
      if (chain !== chosen.chain) return ctx.log.skip(chain, chainPath, 'not modelled: another filter chain; lbsim models the one with the route');
      visitMap(ctx.log, chain, chainPath, {
        filters: (f, fp) => seqItems(f.value).forEach((filter, k) => {
          const filterPath = joinPath(fp, k);
          // Shorter paths from here on: the HCM's keys read as `http_connection_manager.stat_prefix`.
          if (filter === chosen.filter) walkHcm(ctx, filter, 'http_connection_manager');
          else ctx.log.skip(filter, directiveText(filterPath, null), NOT_BALANCING);
        }),
      }, { transport_socket: 'not modelled: TLS', filter_chain_match: 'not modelled: connection matching' }, NOT_BALANCING);
    }),
  }, { name: 'not modelled: a label' }, NOT_BALANCING);
}

/** Walks a bootstrap (or a cluster list's holder) around the chosen cluster, which readCluster notes. */
export function walkAround(log: EnvoyLog, root: Node, chosen: ClusterFound, routes: RouteFound[], draft: EnvoyDraft, hashing: boolean): BootstrapRead {
  const ctx: WalkContext = { log, draft, clusterName: chosen.name ?? '', routes, hashing, hashKey: null };
  const clusters = (list: Node | null, path: string) =>
    seqItems(list).forEach((cluster, i) => {
      if (cluster === chosen.node) return;
      const name = mapEntries(cluster).find((e) => e.key === 'name')?.value?.toJSON();
      log.skip(cluster, `${joinPath(path, i)} (cluster ${String(name)})`, `not modelled: another cluster; import it with --backend ${String(name)}`);
    });
  if (!mapEntries(root).some((e) => e.key === 'static_resources')) {
    // A list of clusters under `clusters:`, or at the top.
    if (seqItems(root).length > 0) clusters(root, '');
    else visitMap(log, root, '', { clusters: (e, p) => clusters(e.value, p) }, {}, NOT_BALANCING);
    return { hashKey: null };
  }
  visitMap(log, root, '', {
    static_resources: (e, p) => visitMap(log, e.value, p, {
      clusters: (c, cp) => clusters(c.value, cp),
      listeners: (l) => seqItems(l.value).forEach((listener, i) => {
        const listenerPath = joinPath('listeners', i);
        const name = child(listener, 'name')?.toJSON();
        const label = `${listenerPath} (listener ${String(name)})`;
        if (routes[0]?.listener === listener) walkListener(ctx, listener, listenerPath);
        else if (routes.some((route) => route.listener === listener)) log.skip(listener, label, `not modelled: another listener routing to ${ctx.clusterName}; lbsim models one, the first`);
        else log.skip(listener, label, `not modelled: does not route to ${ctx.clusterName}`);
      }),
    }, { secrets: 'not modelled: TLS' }, NOT_BALANCING),
  }, BOOTSTRAP_REASONS, NOT_BALANCING);
  return { hashKey: ctx.hashKey };
}
