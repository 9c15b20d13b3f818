// The model's configuration types: what a resolved scenario hands to the simulation.
// Every field is required and in model units (milliseconds); defaults are applied in scenario/resolve.ts.

import type { ALGORITHM_NAMES } from './algorithms/names.js';
import type { FAULT_NAMES } from './faults/names.js';
import type { ProfileName } from './outcome.js';
import type { ProfileBehaviour } from './profiles.js';

export type HealthState = 'InService' | 'OutOfService';

export type ServiceTimeSpec =
  | { distribution: 'exponential'; meanMs: number }
  | { distribution: 'constant'; meanMs: number }
  | { distribution: 'uniform'; minMs: number; maxMs: number }
  | { distribution: 'lognormal'; meanMs: number; sigma: number };

export interface InstanceConfig {
  id: string;
  zone: string;
  /** Worker slots: requests served at once. */
  concurrency: number;
  /** Accepted connections waiting for a worker; beyond it connections are refused. */
  backlog: number;
  /** The distribution; with `serviceTimeFromLog`, only for requests whose log line has no service time. */
  serviceTime: ServiceTimeSpec;
  /** `ServiceTime: "FromLog"`: a replayed request is served for the time its log line gives. Absent: false. */
  serviceTimeFromLog?: boolean;
  /** Idle keep-alive timeout of the instance's HTTP server (Node's default 5 s). */
  keepAliveTimeoutMs: number;
  weight: number;
  /** The balancer's belief at t=0. */
  initialState: HealthState;
  /** In the balancer's pool at t=0; a `register` event adds it later. */
  registered: boolean;
}

export type HealthCheckProtocol = 'TCP' | 'SSL' | 'HTTP' | 'HTTPS';

export interface HealthCheckConfig {
  /** The original `Target` string, e.g. `HTTP:80/ping`. */
  target: string;
  protocol: HealthCheckProtocol;
  port: number;
  /** Empty for TCP and SSL. */
  path: string;
  intervalMs: number;
  timeoutMs: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
  /** Time an instance takes to answer a health probe once a worker picks it up. */
  probeServiceTimeMs: number;
}

export type AlgorithmName = (typeof ALGORITHM_NAMES)[number];

/** What consistent-hash and maglev hash (`Balancing.HashKey`); header names are in lower case. */
export type HashKeyConfig = { by: 'client' } | { by: 'path' } | { by: 'header'; name: string };

/** The algorithm's settings besides its name (`Balancing`). */
export interface RoutingConfig {
  /** least-outstanding: candidates drawn per pick, the least loaded wins; null: all of them. */
  choices: number | null;
  hashKey: HashKeyConfig;
  /** Sticky sessions: how long an LB cookie binds a client to its instance; null: off. */
  stickinessMs: number | null;
  /** Slow start: how long a newly InService instance's weight ramps up; null: off. */
  slowStartMs: number | null;
}

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TCP' | 'SSL';

export interface ListenerConfig {
  protocol: ListenerProtocol;
  loadBalancerPort: number;
  instanceProtocol: ListenerProtocol;
  instancePort: number;
}

export interface BalancerConfig {
  name: string;
  /** The built-in profile the balancer is, or is based on. */
  profile: ProfileName;
  /** Its behaviour with the file's overrides applied. */
  behaviour: ProfileBehaviour;
  /** The override keys the file gave (`Profile: {Base, …}`), for the report header. */
  profileOverrides: string[];
  /** One balancer node per zone (AWS profiles); the proxies are one node, named after the profile. */
  nodes: string[];
  /** Cross-zone load balancing: a node routes to every zone's instances, not only its own. */
  crossZone: boolean;
  listeners: ListenerConfig[];
  algorithm: AlgorithmName;
  routing: RoutingConfig;
  /** `Balancing.Retries` as given (0 when absent); already folded into `behaviour.maxRetries`. */
  retries: number;
  /** Envoy's per_try_timeout: each attempt's own response timeout; null: the idle timeout. */
  perTryTimeoutMs: number | null;
  /** Idle timeout: no byte from the instance for this long and the balancer gives up (504). */
  idleTimeoutMs: number;
  /** How long a backend connection may take to open before the attempt counts as failed. */
  connectTimeoutMs: number;
  /** ConnectionDraining: a deregistered instance keeps its in-flight requests this long. */
  drainingEnabled: boolean;
  drainingTimeoutMs: number;
  /** Network delay between the balancer and its instances, one way (`Network.OneWayDelay`): how late an instance's FIN arrives. */
  oneWayDelayMs: number;
}

export interface RequestKind {
  method: string;
  path: string;
  weight: number;
  /** Header values by lower-case name, for `HashKey: {"Header": …}`; absent when the file gives none. */
  headers?: Readonly<Record<string, string>>;
}

/** `Traffic.Clients`: who sends the requests. Each request's client is drawn from this population. */
export interface ClientsConfig {
  count: number;
  /** uniform: every client equally likely; zipf: client k (from 1) with weight 1/k^exponent. */
  distribution: 'uniform' | 'zipf';
  exponent: number;
}

export interface RatePoint {
  atMs: number;
  rate: number;
}

export interface TrafficConfig {
  /** Requests per second at t=0. */
  rate: number;
  arrival: 'poisson' | 'constant';
  /** Rate changes, sorted by time. */
  pattern: RatePoint[];
  requests: RequestKind[];
  /** null: no client population; every request is anonymous (client -1). */
  clients: ClientsConfig | null;
  /** `Traffic.Replay`: arrivals come from access logs instead of the rate; absent for drawn arrivals. */
  replay?: ReplayConfig;
}

export const REPLAY_FORMATS = ['alb', 'clb', 'nginx', 'haproxy', 'lbsim'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

/** A bound of the replayed window: an absolute instant, or an offset from the log's first request. */
export type ReplayBound = { epochMs: number } | { offsetMs: number };

/** `Traffic.Replay`, resolved. The files are read outside the model (src/replay/); the model sees only arrivals. */
export interface ReplayConfig {
  /** As written in the scenario: relative paths are relative to the scenario file. */
  files: string[];
  /** The scenario file the paths are relative to ('<inline>' for code-built scenarios). */
  scenarioFile: string;
  format: ReplayFormat;
  /** nginx: the `log_format` string the log was written with; null: `combined` plus the two timers. */
  logFormat: string | null;
  from: ReplayBound | null;
  to: ReplayBound | null;
  /** Log seconds per simulated second: 2 replays the trace twice as fast. */
  speed: number;
  /** Lines up to this much older than the newest line read are put back in order; beyond it, an error. */
  reorderWindowMs: number;
}

export type FaultName = (typeof FAULT_NAMES)[number];

/** Every field is always present; a fault that does not use one gets the neutral value (DEFAULT_FAULT_PARAMS). */
export interface FaultParams {
  /** slow: service time multiplied by this. */
  factor: number;
  /** slow: milliseconds added to every service time. */
  addMs: number;
  /** errors: chance that a response is a 5xx; reset: that it becomes a closed connection; malformed: that it is unparsable. */
  probability: number;
  /** errors, health-lie: the 5xx traffic gets; health-fail: what the health path answers (4xx or 5xx). */
  status: number;
  /** overload: the fraction (0 < c ≤ 1) of the instance's Concurrency that keeps working; 1 is full capacity. */
  capacity: number;
  /** deploy: instances replaced at a time, in target order. */
  batchSize: number;
  /** deploy: how long each replaced process is down (connections refused). */
  restartMs: number;
  /** deploy: take each batch out of the balancer's pool first and put it back after; false restarts in place. */
  deregister: boolean;
}

export interface FaultEventConfig {
  /** Position in the scenario's `Events` list; faults are referred to by it. */
  index: number;
  atMs: number;
  fault: FaultName;
  instanceIds: string[];
  /** When set, the fault is undone this long after `atMs`. */
  durationMs: number | null;
  params: FaultParams;
}

export interface ExpectationConfig {
  metric: string;
  min: number | null;
  max: number | null;
  equals: number | null;
  name: string | null;
}

/** Everything a simulation run needs besides the seed's streams: a resolved scenario minus file-level data. */
/** A setting of the balancer's own config that lbsim does not model, where the config says it. */
export interface UnmodelledSetting {
  /** `file:line:column` in the native config. */
  at: string;
  directive: string;
  why: string;
}

/** The native config a scenario's settings were read from (`lbsim import`, or the scenario's `Config`). */
export interface ImportedFrom {
  format: string;
  file: string;
  backend: string | null;
  notModelled: UnmodelledSetting[];
}

export interface SimulationSetup {
  name: string;
  description: string;
  seed: number;
  durationMs: number;
  /** Requests that arrive before this are simulated and logged but left out of counts and latency. */
  warmupMs: number;
  balancer: BalancerConfig;
  healthCheck: HealthCheckConfig;
  instances: InstanceConfig[];
  traffic: TrafficConfig;
  events: FaultEventConfig[];
  /** Absent for a scenario written in lbsim's own vocabulary. */
  imported?: ImportedFrom;
}
