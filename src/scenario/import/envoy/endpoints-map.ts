// A cluster's `load_assignment` → Instances: one per lb_endpoint (InstanceId its hostname, else
// "address:port"), its load_balancing_weight, its locality's zone; priority > 0 (failover) and
// EDS-unhealthy endpoints as the notes say. Sources: endpoint_components.proto, health_check.proto (HealthStatus).

import type { Node } from 'yaml';
import { mapEntries, seqItems } from '../yaml-source.js';
import { directiveText, joinPath, visitMap, type EnvoyLog } from './envoy-log.js';
import { enumName, text, uint } from './envoy-values.js';

export interface EndpointRead {
  id: string;
  port: number;
  weight: number | null;
  zone: string | null;
  /** EDS said the host may not take traffic (UNHEALTHY, DRAINING, TIMEOUT). */
  unroutable: boolean;
  at: Node;
}

const HEALTH_STATUSES = ['UNKNOWN', 'HEALTHY', 'UNHEALTHY', 'DRAINING', 'TIMEOUT', 'DEGRADED'] as const;
const UNROUTABLE = new Set(['UNHEALTHY', 'DRAINING', 'TIMEOUT']);

const NOT_ABOUT_ENDPOINTS = 'not modelled: lbsim reads an endpoint\'s address, port, hostname, weight and health status';

function readEndpoint(log: EnvoyLog, item: Node, path: string): EndpointRead | null {
  let address: string | undefined;
  let port: number | undefined;
  let sawAddress = false;
  let sawPort = false;
  let hostname: string | undefined;
  let weight: number | null = null;
  let unroutable = false;
  const addressNotes: Array<() => void> = [];
  visitMap(log, item, path, {
    endpoint: ({ value }, endpointPath) => visitMap(log, value, endpointPath, {
      address: ({ value: addressNode }, addressPath) => visitMap(log, addressNode, addressPath, {
        socket_address: ({ value: socket }, socketPath) => visitMap(log, socket, socketPath, {
          address: (e, p) => {
            sawAddress = true;
            address = text(log, e.value, p, 'an IP address or host name');
            addressNotes.push(() => log.apply(e.pair, directiveText(p, e.value), hostname === undefined ? 'Instances[].InstanceId (address:port)' : 'no field: the endpoint\'s hostname names the instance'));
          },
          port_value: (e, p) => {
            sawPort = true;
            port = uint(log, e.value, p, 1, 65535);
            addressNotes.push(() => log.apply(e.pair, directiveText(p, e.value), hostname === undefined ? 'Instances[].InstanceId (address:port), Listeners[0].InstancePort' : 'Listeners[0].InstancePort'));
          },
        }, { protocol: 'not modelled: lbsim speaks TCP to instances', resolver_name: 'not modelled: DNS' }, NOT_ABOUT_ENDPOINTS),
      }, {}, 'not modelled: only socket_address is read (pipes and internal addresses are not)'),
      hostname: (e, p) => {
        hostname = text(log, e.value, p, 'a host name');
        log.apply(e.pair, directiveText(p, e.value), 'Instances[].InstanceId');
      },
      health_check_config: (e, p) => log.skip(e.pair, directiveText(p, e.value), 'not modelled: lbsim checks each instance on its own port and address'),
    }, {}, NOT_ABOUT_ENDPOINTS),
    load_balancing_weight: (e, p) => {
      weight = uint(log, e.value, p, 1) ?? null;
      log.apply(e.pair, directiveText(p, e.value), 'Instances[].Weight (and a weighted algorithm when weights differ)');
    },
    health_status: (e, p) => {
      const status = enumName(log, e.value, p, HEALTH_STATUSES);
      if (status === undefined) return;
      if (UNROUTABLE.has(status)) {
        unroutable = true;
        // source/common/upstream/upstream_impl.cc: UNHEALTHY and TIMEOUT set FAILED_EDS_HEALTH (panic still
        // routes to the host); DRAINING sets EDS_STATUS_DRAINING, which excludes it from balancing altogether.
        const detail = status === 'DRAINING'
          ? 'Instances[].Registered false (Envoy excludes a draining host from balancing, panic included)'
          : 'Instances[].Registered false (Envoy still routes to it in panic mode; lbsim leaves it out)';
        log.apply(e.pair, directiveText(p, e.value), detail);
      } else if (status === 'DEGRADED') {
        log.skip(e.pair, directiveText(p, e.value), 'not modelled: lbsim has no degraded tier; the endpoint is an ordinary instance');
      } else {
        log.apply(e.pair, directiveText(p, e.value), 'no field: an ordinary instance, as with no status');
      }
    },
  }, { metadata: 'not modelled: endpoint metadata is for subsets and filters' }, NOT_ABOUT_ENDPOINTS);
  for (const note of addressNotes) note();
  if (!sawAddress || !sawPort) {
    const missing = !sawAddress && !sawPort ? 'address and port_value' : !sawAddress ? 'address' : 'port_value';
    log.error(item, joinPath(path, 'endpoint.address.socket_address'), `missing ${missing}`, '{endpoint: {address: {socket_address: {address, port_value}}}}');
  }
  if (address === undefined || port === undefined) return null;
  return { id: hostname ?? `${address}:${port}`, port, weight, zone: null, unroutable, at: item };
}

/** The endpoints of priority 0, in file order; null after an error. */
export function readLoadAssignment(log: EnvoyLog, node: Node | null, path: string): EndpointRead[] {
  const endpoints: EndpointRead[] = [];
  visitMap(log, node, path, {
    endpoints: ({ value }, endpointsPath) => {
      seqItems(value).forEach((locality, i) => {
        const localityPath = joinPath(endpointsPath, i);
        const priorityEntry = mapEntries(locality).find((e) => e.key === 'priority');
        const priority = priorityEntry === undefined ? 0 : uint(log, priorityEntry.value, joinPath(localityPath, 'priority'));
        let zone: string | null = null;
        const here: EndpointRead[] = [];
        visitMap(log, locality, localityPath, {
          locality: ({ value: where }, wherePath) => visitMap(log, where, wherePath, {
            zone: (e, p) => {
              zone = text(log, e.value, p, 'a zone name') ?? null;
              log.apply(e.pair, directiveText(p, e.value), 'Instances[].AvailabilityZone (a label faults can target; Envoy\'s zone-aware routing is not modelled)');
            },
          }, {}, 'not modelled: lbsim labels instances with the zone only'),
          priority: (e, p) => {
            if (priority === 0) log.apply(e.pair, directiveText(p, e.value), 'no field: priority 0 is the pool lbsim balances');
            else log.skip(e.pair, directiveText(p, e.value), 'not modelled: a failover priority; lbsim has no failover pool, so these endpoints are left out');
          },
          lb_endpoints: ({ value: list, pair }, listPath) => {
            if (priority !== 0) return log.skip(pair, listPath, `not modelled: endpoints of priority ${priority ?? '?'} are a failover tier, left out`);
            seqItems(list).forEach((item, k) => {
              const read = readEndpoint(log, item, joinPath(listPath, k));
              if (read !== null) here.push(read);
            });
          },
        }, { load_balancing_weight: 'not modelled: locality weights apply only with locality_weighted_lb_config' }, 'not modelled: lbsim reads a locality\'s zone, priority and endpoints');
        // The zone is read in file order, which may come after the endpoints.
        for (const read of here) endpoints.push({ ...read, zone });
      });
    },
    cluster_name: (e, p) => log.skip(e.pair, directiveText(p, e.value), 'not modelled: names the cluster for EDS; the cluster\'s own name is used'),
  }, { policy: 'not modelled: overprovisioning and drop_overloads' }, 'not modelled');
  return endpoints;
}
