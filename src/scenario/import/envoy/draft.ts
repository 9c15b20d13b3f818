// What the Envoy mappers fill in while they read, and the scenario it becomes: the defaults every
// reader uses (10m, seed 1, 10 req/s poisson), the `envoy` profile with the overrides the file gave.

export interface EnvoyDraft {
  clusterName: string;
  /** "Envoy cluster web (bootstrap)": what the Description names. */
  what: string;
  profile: Record<string, unknown>;
  /** Interval, Timeout and thresholds; null when the cluster has no health check. */
  healthCheck: Record<string, unknown> | null;
  /** The check's kind and path; the port is the instance port, known once endpoints are read. */
  checkTarget: { protocol: 'HTTP' | 'TCP'; path: string } | null;
  balancing: Record<string, unknown>;
  instances: Array<Record<string, unknown>>;
  /** The first endpoint's port; the check target uses it too. */
  instancePort: number | null;
  listenerPort: number | null;
  idleTimeout: string | null;
  /** A client population, only where hashing by client needs one. */
  clients: { Count: number } | null;
}

export function emptyDraft(): EnvoyDraft {
  return {
    clusterName: '',
    what: '',
    profile: {},
    healthCheck: null,
    checkTarget: null,
    balancing: {},
    instances: [],
    instancePort: null,
    listenerPort: null,
    idleTimeout: null,
    clients: null,
  };
}

const DEFAULT_PORT = 80;
const BALANCING_ORDER = ['Algorithm', 'Choices', 'HashKey', 'Retries', 'RetryOn', 'PerTryTimeout'];

/** The keys in the schema's reading order, whatever order the file set them in. */
function inOrder(object: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => rank(a) - rank(b)));
}

export function draftToScenario(draft: EnvoyDraft, file: string): Record<string, unknown> {
  const instancePort = draft.instancePort ?? DEFAULT_PORT;
  const scenario: Record<string, unknown> = {
    Name: draft.clusterName,
    Description: `Imported from ${file} (${draft.what})`,
    Duration: '10m',
    Seed: 1,
    Profile: Object.keys(draft.profile).length === 0 ? 'envoy' : { Base: 'envoy', ...draft.profile },
    LoadBalancerName: draft.clusterName,
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: draft.listenerPort ?? DEFAULT_PORT, InstanceProtocol: 'HTTP', InstancePort: instancePort }],
  };
  if (draft.healthCheck !== null) {
    const target = draft.checkTarget === null ? {} : { Target: `${draft.checkTarget.protocol}:${instancePort}${draft.checkTarget.path}` };
    scenario['HealthCheck'] = { ...target, ...draft.healthCheck };
  }
  if (draft.idleTimeout !== null) scenario['LoadBalancerAttributes'] = { ConnectionSettings: { IdleTimeout: draft.idleTimeout } };
  if (Object.keys(draft.balancing).length > 0) scenario['Balancing'] = inOrder(draft.balancing, BALANCING_ORDER);
  scenario['Instances'] = draft.instances;
  scenario['Traffic'] = { Rate: 10, Arrival: 'poisson', ...(draft.clients === null ? {} : { Clients: draft.clients }) };
  return scenario;
}
