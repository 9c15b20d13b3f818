// Every default a scenario file may leave out, named and sourced, and the caps on what it may ask for.
// Only resolve.ts applies defaults; validation reads a few (Interval, Duration) and the caps.

import type { AlgorithmName, FaultName, FaultParams, HashKeyConfig, HealthState, RequestKind, ServiceTimeSpec } from '../model/config.js';
import type { ProfileName } from '../model/outcome.js';

/** A fixed seed so two runs of a file without `Seed` are identical. */
export const DEFAULT_SEED = 1;
/** Ten simulated minutes: long enough for several health-check cycles at the 30 s default. */
export const DEFAULT_DURATION_MS = 10 * 60_000;
/** Longest run, in the file or on the command line: a typo ("300d") must not become a week of CPU. */
export const MAX_DURATION_MS = 30 * 86_400_000;
export const DEFAULT_WARMUP_MS = 0;
export const DEFAULT_DESCRIPTION = '';
export const DEFAULT_PROFILE: ProfileName = 'aws-clb';

/** A health endpoint is trivial work, but it still needs a worker: 1 ms once it gets one. Not a file key. */
export const DEFAULT_PROBE_SERVICE_TIME_MS = 1;
/**
 * Connection draining when the file does not say. CLB: off; the console enables it, the API's
 * default is not documented (lb-semantics.md §1.3: UNVERIFIED, believed off). ALB: the target
 * group's deregistration delay is always on, 300 s by default (§2.2). The proxies never cut requests
 * in flight on a removed server (ProfileBehaviour.cutsInFlightOnRemoval), so for them draining is
 * only how long a deploy waits before stopping a batch: none unless the file asks. 300 s when enabled.
 */
export const DEFAULT_DRAINING_ENABLED: Record<ProfileName, boolean> = { 'aws-clb': false, 'aws-alb': true, nginx: false, haproxy: false, envoy: false };
export const DEFAULT_DRAINING_TIMEOUT_MS = 300_000;
// Health-check thresholds, interval, timeout and target, and the connect and response timeouts,
// depend on the profile: model/profiles.ts has them with their sources.
/** CLB routes HTTP/HTTPS listeners by least outstanding requests and TCP/SSL by round robin (§1.3). */
export const DEFAULT_ALGORITHM_HTTP: AlgorithmName = 'least-outstanding';
export const DEFAULT_ALGORITHM_TCP: AlgorithmName = 'round-robin';
export const DEFAULT_RETRIES = 0;

/**
 * Cross-zone load balancing when the file does not say. CLB: off through the API and CLI (the
 * console turns it on; lb-semantics.md §1.3), and the API is what the scenario format follows.
 * ALB: always on at the load-balancer level. The proxies have one node, so it does not matter.
 */
export const DEFAULT_CROSS_ZONE: Record<ProfileName, boolean> = { 'aws-clb': false, 'aws-alb': true, nginx: true, haproxy: true, envoy: true };

/** Used for instances without `AvailabilityZone` when the file has no `AvailabilityZones` list. */
export const DEFAULT_ZONE = 'us-east-1a';
/** A file without `Instances` gets these two, so the seed's bare ELB block has something to route to. */
export const DEFAULT_INSTANCE_IDS: readonly string[] = ['i-1', 'i-2'];
export const DEFAULT_INSTANCE_ZONES: readonly string[] = ['us-east-1a', 'us-east-1b'];

export const DEFAULT_COUNT = 1;
/** Largest `Count` of one instance group. */
export const MAX_INSTANCE_COUNT = 100_000;
export const DEFAULT_CONCURRENCY = 8;
/** Linux's historical listen() backlog (SOMAXCONN 128). */
export const DEFAULT_BACKLOG = 128;
export const DEFAULT_SERVICE_TIME: ServiceTimeSpec = { distribution: 'exponential', meanMs: 50 };
export const DEFAULT_LOGNORMAL_SIGMA = 1;
/** At the same Mean, a larger Sigma puts nearly all samples at zero and a few at astronomical times. */
export const MAX_LOGNORMAL_SIGMA = 10;
/** Node's `server.keepAliveTimeout` default (lb-semantics.md §2.4): shorter than the ELB's 60 s idle timeout. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
/**
 * `Network.OneWayDelay`: how long an instance's FIN takes to reach the balancer, the width of the
 * keep-alive race window. A round trip inside one AZ is typically a few tenths of a millisecond and
 * AWS quotes single-digit milliseconds between AZs; 0.5 ms one way (a 1 ms round trip) is our
 * assumption for a node and an instance in the same or a neighbouring AZ, not a measured figure.
 */
export const DEFAULT_ONE_WAY_DELAY_MS = 0.5;
/** Longest OneWayDelay: even a satellite hop is under a second, so more is a typo ("5m" for "5ms"). */
export const MAX_ONE_WAY_DELAY_MS = 1_000;
export const DEFAULT_WEIGHT = 1;
export const DEFAULT_INITIAL_STATE: HealthState = 'InService';

/** "Light traffic": enough requests to see errors, few enough to never overload the default pool. */
export const DEFAULT_RATE_PER_S = 10;
/** Highest `Rate` anywhere in Traffic: far above any one balancer, and a typo (1e12) is an error, not a hung run. */
export const MAX_RATE_PER_S = 10_000_000;
export const DEFAULT_ARRIVAL = 'poisson';
export const DEFAULT_METHOD = 'GET';
export const DEFAULT_PATH = '/';
export const DEFAULT_REQUEST_WEIGHT = 1;
export const DEFAULT_REQUESTS: readonly RequestKind[] = [
  { method: DEFAULT_METHOD, path: DEFAULT_PATH, weight: DEFAULT_REQUEST_WEIGHT },
];

/** Neutral values: a fault that does not use a parameter behaves as if it had these. */
export const DEFAULT_FAULT_PARAMS: Readonly<FaultParams> = {
  factor: 1,
  addMs: 0,
  probability: 1,
  status: 500,
  capacity: 1,
  batchSize: 1,
  restartMs: 0,
  deregister: false,
};
/**
 * Each fault's own defaults for the parameters it takes, over the neutral values. Most equal them
 * (a fault given no Probability always fires); overload differs: capacity 1 would be no fault at all.
 */
export const FAULT_PARAM_DEFAULTS: Readonly<Partial<Record<FaultName, Readonly<Partial<FaultParams>>>>> = {
  errors: { probability: 1, status: 500 },
  reset: { probability: 1 },
  malformed: { probability: 1 },
  'health-fail': { status: 500 },
  'health-lie': { status: 500 },
  overload: { capacity: 0.5 },
  // One at a time, and deregistered first, as deployment tools do by default; 30 s is our guess
  // at a typical process restart (stop, start, warm up), not a measured figure.
  deploy: { batchSize: 1, restartMs: 30_000, deregister: true },
};

/** consistent-hash and maglev hash the client unless the file names another key (nginx `hash $remote_addr`, Envoy source_ip). */
export const DEFAULT_HASH_KEY: HashKeyConfig = { by: 'client' };
/**
 * Sticky sessions without a Duration: ALB's default cookie duration, 1 day (86,400 s). CLB's API
 * default is a browser session, which in a simulated run would simply never end.
 */
export const DEFAULT_STICKINESS_DURATION_MS = 86_400_000;
/** ALB's range for the LB cookie duration: 1 second to 7 days. */
export const STICKINESS_DURATION_MIN_MS = 1_000;
export const STICKINESS_DURATION_MAX_MS = 7 * 86_400_000;
/** ALB's range for slow_start.duration_seconds: 30–900 s (lb-semantics.md §2.5). */
export const SLOW_START_MIN_S = 30;
export const SLOW_START_MAX_S = 900;
export const DEFAULT_CLIENT_DISTRIBUTION = 'uniform';
/** Zipf's law in its classic form: the k-th most frequent client sends 1/k as much as the first. */
export const DEFAULT_ZIPF_EXPONENT = 1;
export const MAX_ZIPF_EXPONENT = 10;
/** Largest client population: each client costs a few bytes of cookie and sampling tables. */
export const MAX_CLIENT_COUNT = 1_000_000;
