// Where things are in an Envoy file: its shape (a bootstrap, a list of clusters, one cluster),
// which cluster to import (--backend, else the only one), and in a bootstrap the routes of the
// static listeners' HTTP connection managers that send to that cluster, first one first.

import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { closestName, didYouMean } from '../../errors.js';
import { mapEntries, seqItems } from '../yaml-source.js';
import type { EnvoyLog } from './envoy-log.js';

export type EnvoyShape = 'bootstrap' | 'cluster list' | 'cluster';

export interface ClusterFound {
  node: Node;
  name: string | null;
  /** Its path from the root, for notes: `static_resources.clusters[1]`, `[0]` or ``. */
  path: string;
}

export interface Located {
  shape: EnvoyShape;
  clusters: ClusterFound[];
  /** The node holding the clusters, where "which cluster" errors point. */
  holder: Node;
}

const HCM_NAME = 'envoy.filters.network.http_connection_manager';
const HCM_TYPE = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';

export const child = (node: Node | null | undefined, key: string): Node | null => mapEntries(node).find((e) => e.key === key)?.value ?? null;
const scalarText = (node: Node | null): string | null => (isScalar(node) && typeof node.value === 'string' ? node.value : null);

const SHAPES = 'an Envoy bootstrap (static_resources.clusters), a cluster (name, load_assignment) or a list of clusters';

function clustersOf(list: Node, prefix: string): ClusterFound[] {
  return seqItems(list).map((node, i) => ({ node, name: scalarText(child(node, 'name')), path: `${prefix}[${i}]` }));
}

export function locateClusters(log: EnvoyLog, root: Node | null): Located | null {
  if (isSeq(root)) return { shape: 'cluster list', clusters: clustersOf(root, ''), holder: root };
  if (!isMap(root)) {
    log.error(root ?? log.source.root ?? ({ range: [0, 0, 0] } as unknown as Node), '', 'not an Envoy config', SHAPES);
    return null;
  }
  const resources = child(root, 'static_resources');
  if (resources !== null) {
    const list = child(resources, 'clusters');
    if (!isSeq(list)) {
      log.error(list ?? resources, 'static_resources.clusters', list === null ? 'no clusters in static_resources' : 'not a list', 'a list of clusters');
      return null;
    }
    return { shape: 'bootstrap', clusters: clustersOf(list, 'static_resources.clusters'), holder: list };
  }
  const list = child(root, 'clusters');
  if (isSeq(list)) return { shape: 'cluster list', clusters: clustersOf(list, 'clusters'), holder: list };
  if (child(root, 'name') !== null || child(root, 'load_assignment') !== null) {
    return { shape: 'cluster', clusters: [{ node: root, name: scalarText(child(root, 'name')), path: '' }], holder: root };
  }
  log.error(root, '', 'not an Envoy config', SHAPES, `keys ${mapEntries(root).map((e) => e.key).slice(0, 5).join(', ')}`);
  return null;
}

/** The cluster `backend` names, else the only one; an error listing the names otherwise. */
export function chooseCluster(log: EnvoyLog, located: Located, backend: string | undefined): ClusterFound | null {
  const names = located.clusters.map((c) => c.name).filter((name): name is string => name !== null);
  const listed = names.map((name) => `"${name}"`).join(', ');
  if (located.clusters.length === 0) {
    log.error(located.holder, 'clusters', 'no clusters', 'at least one cluster');
    return null;
  }
  if (backend !== undefined) {
    const found = located.clusters.find((c) => c.name === backend);
    if (found === undefined) log.error(located.holder, 'clusters', `no cluster named "${backend}"${didYouMean(closestName(backend, names))}`, `one of ${listed}`, backend);
    return found ?? null;
  }
  if (located.clusters.length > 1) {
    log.error(located.holder, 'clusters', `${located.clusters.length} clusters: say which with --backend`, `one of ${listed}`);
    return null;
  }
  return located.clusters[0]!;
}

/** A route entry that sends to the cluster, with everything above it in the bootstrap. */
export interface RouteFound {
  listener: Node;
  listenerIndex: number;
  chain: Node;
  filter: Node;
  vhost: Node;
  route: Node;
}

export function isHttpConnectionManager(filter: Node): boolean {
  const type = scalarText(child(child(filter, 'typed_config'), '@type'));
  return scalarText(child(filter, 'name')) === HCM_NAME || (type !== null && type.endsWith(HCM_TYPE));
}

/** The routes to `cluster` in the static listeners, in file order. */
export function findRoutes(root: Node | null, cluster: string): RouteFound[] {
  const found: RouteFound[] = [];
  seqItems(child(child(root, 'static_resources'), 'listeners')).forEach((listener, listenerIndex) => {
    for (const chain of seqItems(child(listener, 'filter_chains'))) {
      for (const filter of seqItems(child(chain, 'filters'))) {
        if (!isHttpConnectionManager(filter)) continue;
        const routeConfig = child(child(filter, 'typed_config'), 'route_config');
        for (const vhost of seqItems(child(routeConfig, 'virtual_hosts'))) {
          for (const route of seqItems(child(vhost, 'routes'))) {
            if (scalarText(child(child(route, 'route'), 'cluster')) === cluster) found.push({ listener, listenerIndex, chain, filter, vhost, route });
          }
        }
      }
    }
  });
  return found;
}
