// The one place defaults are applied: a validated scenario file becomes a ResolvedScenario with
// every field present and every duration in milliseconds. It trusts validate.ts and never reports.

import type {
  BalancerConfig,
  ExpectationConfig,
  FaultEventConfig,
  FaultParams,
  HealthCheckConfig,
  ImportedFrom,
  InstanceConfig,
  ListenerConfig,
  ServiceTimeSpec,
  TrafficConfig,
} from '../model/config.js';
import * as D from './defaults.js';
import { parseDurationMs } from './duration.js';
import type { ResolvedScenario } from './resolved.js';
import { resolveCrossZone, resolveNodes, resolveProfile, withBalancingRetries, type ResolvedProfile } from './resolve-profile.js';
import { algorithmFor, resolveClients, resolveHeaders, resolveRouting } from './resolve-routing.js';
import { fractionCount, memberIds, poolMembers, type PoolMember } from './pool.js';
import { parseHealthTarget, type InstanceEntry, type ScenarioFile } from './schema.js';
import type { EventEntry } from './schema-events.js';
import { REPLAY_CLIENTS, replayWindowMs, resolveReplay } from './resolve-replay.js';

type Duration = number | string;

/** Milliseconds of a duration validation has accepted; anything else is a bug upstream. */
function ms(value: Duration): number {
  const parsed = parseDurationMs(value);
  if (parsed === null) throw new Error(`resolve: ${JSON.stringify(value)} is not a duration; validate the scenario first`);
  return parsed;
}

const msOr = (value: Duration | undefined, defaultMs: number): number => (value === undefined ? defaultMs : ms(value));

/** Required by validate.ts (a file with Config gets it from the config before validation). */
function loadBalancerName(file: ScenarioFile): string {
  if (file.LoadBalancerName === undefined) throw new Error('resolve: LoadBalancerName is missing; validate the scenario first');
  return file.LoadBalancerName;
}

function resolveListeners(file: ScenarioFile): ListenerConfig[] {
  const given = file.Listeners ?? (file.ListenerDescriptions ?? []).map((description) => description.Listener);
  return given.map((listener) => ({
    protocol: listener.Protocol,
    loadBalancerPort: listener.LoadBalancerPort,
    instanceProtocol: listener.InstanceProtocol ?? listener.Protocol,
    instancePort: listener.InstancePort,
  }));
}

function resolveBalancer(file: ScenarioFile, listeners: ListenerConfig[], profile: ResolvedProfile): BalancerConfig {
  const algorithm = algorithmFor(file.Balancing?.Algorithm, profile.defaults.algorithm, listeners[0]!.protocol);
  return {
    name: loadBalancerName(file),
    profile: profile.name,
    behaviour: withBalancingRetries(profile.behaviour, file),
    profileOverrides: profile.overrides,
    nodes: resolveNodes(file, profile),
    crossZone: resolveCrossZone(file, profile),
    listeners,
    algorithm,
    routing: resolveRouting(file, algorithm),
    retries: file.Balancing?.Retries ?? D.DEFAULT_RETRIES,
    perTryTimeoutMs: file.Balancing?.PerTryTimeout === undefined ? null : ms(file.Balancing.PerTryTimeout),
    idleTimeoutMs: msOr(file.LoadBalancerAttributes?.ConnectionSettings?.IdleTimeout, profile.defaults.responseTimeoutMs),
    connectTimeoutMs: profile.defaults.connectTimeoutMs,
    drainingEnabled: file.LoadBalancerAttributes?.ConnectionDraining?.Enabled ?? D.DEFAULT_DRAINING_ENABLED[profile.name],
    drainingTimeoutMs: msOr(file.LoadBalancerAttributes?.ConnectionDraining?.Timeout, D.DEFAULT_DRAINING_TIMEOUT_MS),
    oneWayDelayMs: msOr(file.Network?.OneWayDelay, D.DEFAULT_ONE_WAY_DELAY_MS),
  };
}

function resolveHealthCheck(file: ScenarioFile, firstListener: ListenerConfig, { defaults }: ResolvedProfile): HealthCheckConfig {
  const given = file.HealthCheck ?? {};
  const target = given.Target ?? `${defaults.targetProtocol}:${firstListener.instancePort}${defaults.targetPath}`;
  const parsed = parseHealthTarget(target);
  if ('message' in parsed) throw new Error(`resolve: invalid health-check target ${JSON.stringify(target)}`);
  const intervalMs = msOr(given.Interval, defaults.intervalMs);
  return {
    target,
    protocol: parsed.protocol,
    port: parsed.port,
    path: parsed.path,
    intervalMs,
    timeoutMs: msOr(given.Timeout, defaults.timeoutMs ?? intervalMs),
    unhealthyThreshold: given.UnhealthyThreshold ?? defaults.unhealthyThreshold,
    healthyThreshold: given.HealthyThreshold ?? defaults.healthyThreshold,
    probeServiceTimeMs: D.DEFAULT_PROBE_SERVICE_TIME_MS,
  };
}

function resolveServiceTime(given: InstanceEntry['ServiceTime']): ServiceTimeSpec {
  const distributionGiven = given !== undefined && [given.Distribution, given.Mean, given.Value, given.Min, given.Max].some((v) => v !== undefined);
  if (given === undefined || !distributionGiven) return { ...D.DEFAULT_SERVICE_TIME };
  const mean = given.Mean ?? given.Value;
  switch (given.Distribution ?? 'exponential') {
    case 'exponential':
      return { distribution: 'exponential', meanMs: ms(mean!) };
    case 'constant':
      return { distribution: 'constant', meanMs: ms(mean!) };
    case 'uniform':
      return { distribution: 'uniform', minMs: ms(given.Min!), maxMs: ms(given.Max!) };
    case 'lognormal':
      return { distribution: 'lognormal', meanMs: ms(mean!), sigma: given.Sigma ?? D.DEFAULT_LOGNORMAL_SIGMA };
  }
}

/** Instances in file order with Count groups expanded; zones as pool.ts assigns them. */
function resolveInstances(file: ScenarioFile): InstanceConfig[] {
  return poolMembers(file.Instances, file.AvailabilityZones).map(({ id, zone, entryIndex }) =>
    instanceConfig(id, zone, file.Instances?.[entryIndex] ?? { InstanceId: id }),
  );
}

function instanceConfig(id: string, zone: string, entry: InstanceEntry): InstanceConfig {
  return {
    id,
    zone,
    concurrency: entry.Concurrency ?? D.DEFAULT_CONCURRENCY,
    backlog: entry.Backlog ?? D.DEFAULT_BACKLOG,
    serviceTime: resolveServiceTime(entry.ServiceTime),
    ...(entry.ServiceTime?.FromLog === true ? { serviceTimeFromLog: true } : {}),
    keepAliveTimeoutMs: msOr(entry.KeepAliveTimeout, D.DEFAULT_KEEP_ALIVE_TIMEOUT_MS),
    weight: entry.Weight ?? D.DEFAULT_WEIGHT,
    initialState: entry.InitialState ?? D.DEFAULT_INITIAL_STATE,
    registered: entry.Registered ?? true,
  };
}

function resolveTraffic(file: ScenarioFile, path: string): TrafficConfig {
  const given = file.Traffic ?? {};
  const pattern = (given.Pattern ?? []).map((point) => ({ atMs: ms(point.At), rate: point.Rate }));
  return {
    rate: given.Rate ?? D.DEFAULT_RATE_PER_S,
    arrival: given.Arrival ?? D.DEFAULT_ARRIVAL,
    // Array.prototype.sort is stable, so equal times keep file order.
    pattern: pattern.sort((a, b) => a.atMs - b.atMs),
    requests:
      given.Requests === undefined
        ? D.DEFAULT_REQUESTS.map((kind) => ({ ...kind }))
        : given.Requests.map((kind) => {
            const headers = resolveHeaders(kind.Headers);
            return {
              method: kind.Method ?? D.DEFAULT_METHOD,
              path: kind.Path ?? D.DEFAULT_PATH,
              weight: kind.Weight ?? D.DEFAULT_REQUEST_WEIGHT,
              ...(headers === undefined ? {} : { headers }),
            };
          }),
    clients: given.Replay === undefined ? resolveClients(file) : REPLAY_CLIENTS,
    ...(given.Replay === undefined ? {} : { replay: resolveReplay(given.Replay, path) }),
  };
}

/**
 * The ids an event hits, in pool order whichever way it names them: Instance ids (a Count group's
 * id stands for all its members; duplicates collapse), every instance in an AvailabilityZone, or
 * the first ⌈Fraction × pool size⌉ instances of the pool (see fractionCount).
 */
function targetIds(event: EventEntry, pool: readonly PoolMember[], groups: ReadonlyMap<string, string[]>): string[] {
  if (event.AvailabilityZone !== undefined) return pool.filter((member) => member.zone === event.AvailabilityZone).map((member) => member.id);
  if (event.Fraction !== undefined) return pool.slice(0, fractionCount(event.Fraction, pool.length)).map((member) => member.id);
  const refs = typeof event.Instance === 'string' ? [event.Instance] : (event.Instance ?? []);
  const wanted = new Set(refs.flatMap((ref) => groups.get(ref) ?? [ref]));
  return pool.filter((member) => wanted.has(member.id)).map((member) => member.id);
}

/** Every field present: the fault's own defaults over the neutral ones, then what the file gives. */
function faultParams(event: EventEntry): FaultParams {
  const defaults = { ...D.DEFAULT_FAULT_PARAMS, ...D.FAULT_PARAM_DEFAULTS[event.Fault] };
  return {
    factor: event.Factor ?? defaults.factor,
    addMs: msOr(event.Add, defaults.addMs),
    probability: event.Probability ?? defaults.probability,
    status: event.Status ?? defaults.status,
    capacity: event.Capacity ?? defaults.capacity,
    batchSize: event.BatchSize ?? defaults.batchSize,
    restartMs: msOr(event.RestartTime, defaults.restartMs),
    deregister: event.Deregister ?? defaults.deregister,
  };
}

function resolveEvents(file: ScenarioFile): FaultEventConfig[] {
  const pool = poolMembers(file.Instances, file.AvailabilityZones);
  const groups = new Map<string, string[]>();
  for (const entry of file.Instances ?? []) {
    if ((entry.Count ?? D.DEFAULT_COUNT) > 1) groups.set(entry.InstanceId, memberIds(entry.InstanceId, entry.Count!));
  }
  const events = (file.Events ?? []).map(
    (event, index): FaultEventConfig => ({
      index,
      atMs: ms(event.At),
      fault: event.Fault,
      instanceIds: targetIds(event, pool, groups),
      durationMs: event.Duration === undefined ? null : ms(event.Duration),
      params: faultParams(event),
    }),
  );
  return events.sort((a, b) => a.atMs - b.atMs || a.index - b.index);
}

function resolveExpectations(file: ScenarioFile): ExpectationConfig[] {
  return (file.Expect ?? []).map((e) => ({ metric: e.Metric, min: e.Min ?? null, max: e.Max ?? null, equals: e.Equals ?? null, name: e.Name ?? null }));
}

/** `scenarios/crash.json` → `crash`; code-built scenarios are named after their load balancer. */
function defaultName(file: string, loadBalancerName: string): string {
  if (file === '<inline>') return loadBalancerName;
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.json$/i, '') || loadBalancerName;
}

export function resolveScenario(file: ScenarioFile, path: string): ResolvedScenario {
  const listeners = resolveListeners(file);
  const profile = resolveProfile(file);
  return {
    file: path,
    name: file.Name ?? defaultName(path, loadBalancerName(file)),
    description: file.Description ?? D.DEFAULT_DESCRIPTION,
    seed: file.Seed ?? D.DEFAULT_SEED,
    durationMs: msOr(file.Duration, replayWindowMs(file.Traffic?.Replay) ?? D.DEFAULT_DURATION_MS),
    warmupMs: msOr(file.Warmup, D.DEFAULT_WARMUP_MS),
    balancer: resolveBalancer(file, listeners, profile),
    healthCheck: resolveHealthCheck(file, listeners[0]!, profile),
    instances: resolveInstances(file),
    traffic: resolveTraffic(file, path),
    events: resolveEvents(file),
    expect: resolveExpectations(file),
    ...(file.Imported === undefined ? {} : { imported: resolveImported(file.Imported) }),
  };
}

function resolveImported(given: NonNullable<ScenarioFile['Imported']>): ImportedFrom {
  return {
    format: given.Format,
    file: given.File,
    backend: given.Backend ?? null,
    notModelled: (given.NotModelled ?? []).map((note) => ({ at: note.At, directive: note.Directive, why: note.Why })),
  };
}
