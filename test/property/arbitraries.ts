// fast-check generators for the property tests: valid scenario documents, small enough to simulate
// in milliseconds (few instances, ≤ 2 simulated minutes), and mutations that break them in every way.

import fc from 'fast-check';
import { PROFILE_NAMES } from '../../src/model/outcome.js';

const ZONES = ['us-east-1a', 'us-east-1b'] as const;
/** The algorithms every profile accepts without further keys (the hashing ones need a client population). */
const ALGORITHMS = ['round-robin', 'least-outstanding', 'random'] as const;

const serviceTime = fc.oneof(
  fc.record({ Distribution: fc.constant('exponential'), Mean: fc.integer({ min: 1, max: 200 }).map((ms) => `${ms}ms`) }),
  fc.record({ Distribution: fc.constant('constant'), Value: fc.integer({ min: 0, max: 200 }).map((ms) => `${ms}ms`) }),
  fc.record({ Distribution: fc.constant('uniform'), Min: fc.constant('1ms'), Max: fc.integer({ min: 1, max: 300 }).map((ms) => `${ms}ms`) }),
  fc.record({ Distribution: fc.constant('lognormal'), Mean: fc.integer({ min: 1, max: 200 }).map((ms) => `${ms}ms`), Sigma: fc.double({ min: 0.1, max: 2, noNaN: true }) }),
);

const instances = fc.array(
  fc.record(
    {
      Count: fc.integer({ min: 1, max: 3 }),
      AvailabilityZone: fc.constantFrom(...ZONES),
      Concurrency: fc.integer({ min: 1, max: 8 }),
      Backlog: fc.integer({ min: 0, max: 32 }),
      ServiceTime: serviceTime,
      KeepAliveTimeout: fc.integer({ min: 1, max: 90 }),
      InitialState: fc.constantFrom('InService', 'OutOfService'),
    },
    { requiredKeys: ['AvailabilityZone'] },
  ),
  { minLength: 1, maxLength: 3 },
).map((entries) => entries.map((entry, i) => ({ InstanceId: `i-${i + 1}`, ...entry })));

/** A fault with parameters its kind takes, in their ranges; timed faults may last a while. */
function fault(durationS: number) {
  const at = fc.integer({ min: 0, max: durationS });
  const lasting = fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined });
  const probability = fc.double({ min: 0.01, max: 1, noNaN: true });
  return fc.oneof(
    fc.record({ At: at, Fault: fc.constantFrom('crash', 'hang', 'blackhole'), Duration: lasting }),
    fc.record({ At: at, Fault: fc.constant('slow'), Factor: fc.double({ min: 1, max: 20, noNaN: true }), Duration: lasting }),
    fc.record({ At: at, Fault: fc.constant('errors'), Probability: probability, Status: fc.integer({ min: 500, max: 599 }), Duration: lasting }),
    fc.record({ At: at, Fault: fc.constantFrom('reset', 'malformed'), Probability: probability, Duration: lasting }),
    fc.record({ At: at, Fault: fc.constant('health-fail'), Status: fc.integer({ min: 400, max: 599 }), Duration: lasting }),
    fc.record({ At: at, Fault: fc.constant('health-lie'), Duration: lasting }),
    fc.record({ At: at, Fault: fc.constant('overload'), Capacity: fc.double({ min: 0.05, max: 1, noNaN: true }), Duration: lasting }),
    fc.record({ At: at, Fault: fc.constantFrom('recover', 'register', 'deregister') }),
    fc.record({ At: at, Fault: fc.constant('deploy'), BatchSize: fc.integer({ min: 1, max: 3 }), RestartTime: fc.integer({ min: 1, max: 20 }), Deregister: fc.boolean() }),
  );
}

/** Exactly one target key, naming instances that exist. */
function target(ids: readonly string[], zones: readonly string[]) {
  return fc.oneof(
    fc.constantFrom(...ids).map((id) => ({ Instance: id })),
    fc.subarray([...ids], { minLength: 1 }).map((list) => ({ Instance: list })),
    fc.constantFrom(...zones).map((zone) => ({ AvailabilityZone: zone })),
    fc.double({ min: 0.01, max: 1, noNaN: true }).map((fraction) => ({ Fraction: fraction })),
  );
}

const profile = fc.oneof(
  fc.constantFrom(...PROFILE_NAMES),
  fc.constant({ Base: 'envoy', PanicThreshold: 0 }),
  fc.constant({ Base: 'aws-alb', FailOpen: false }),
  fc.constant({ Base: 'nginx', ActiveChecks: true }),
  fc.constant({ Base: 'haproxy', Redispatch: true }),
);

const healthCheck = fc
  .record({ Interval: fc.integer({ min: 5, max: 60 }), UnhealthyThreshold: fc.integer({ min: 2, max: 10 }), HealthyThreshold: fc.integer({ min: 2, max: 10 }), Target: fc.constantFrom('TCP:80', 'HTTP:80/ping') })
  .chain((check) => fc.integer({ min: 2, max: Math.min(60, check.Interval - 1) }).map((timeout) => ({ ...check, Timeout: timeout })));

/** A valid scenario document with a profile from `profiles`, sized to simulate in tens of milliseconds. */
export const scenarioWith = (profiles: fc.Arbitrary<unknown>) => fc
  .record({
    durationS: fc.integer({ min: 10, max: 120 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    profile: profiles,
    algorithm: fc.constantFrom(...ALGORITHMS),
    healthCheck,
    instances,
    rate: fc.integer({ min: 1, max: 60 }),
    arrival: fc.constantFrom('poisson', 'constant'),
    idleTimeout: fc.integer({ min: 1, max: 60 }),
    draining: fc.option(fc.record({ Enabled: fc.boolean(), Timeout: fc.integer({ min: 1, max: 60 }) }), { nil: undefined }),
  })
  .chain((base) => {
    const ids = base.instances.map((entry) => entry.InstanceId);
    const zones = [...new Set(base.instances.map((entry) => entry.AvailabilityZone))];
    const events = fc.array(fc.tuple(fault(base.durationS), target(ids, zones)), { maxLength: 4 }).map((list) => list.map(([event, where]) => withoutUndefined({ ...event, ...where })));
    return events.map((list) => ({
      Name: 'property',
      Seed: base.seed,
      Duration: base.durationS,
      Profile: base.profile,
      LoadBalancerName: 'property-lb',
      Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
      // Open-source nginx has no active checks, and refuses a HealthCheck block.
      ...(base.profile === 'nginx' ? {} : { HealthCheck: base.healthCheck }),
      LoadBalancerAttributes: {
        ConnectionSettings: { IdleTimeout: base.idleTimeout },
        ...(base.draining === undefined ? {} : { ConnectionDraining: base.draining }),
      },
      Balancing: { Algorithm: base.algorithm },
      Instances: base.instances,
      Traffic: { Rate: base.rate, Arrival: base.arrival },
      Events: list,
      Expect: [{ Metric: 'gatewayErrors.total', Min: 0 }],
    }));
  });

/** A valid scenario document under any profile, sized to simulate in tens of milliseconds. */
export const validScenario = scenarioWith(profile);

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** Every path to a value in a JSON document, the root included. */
export function jsonPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...jsonPaths(item, [...path, i])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) paths.push(...jsonPaths(item, [...path, key]));
  return paths;
}

export type Mutation = { kind: 'replace'; value: unknown } | { kind: 'delete' } | { kind: 'rename'; key: string } | { kind: 'add'; key: string; value: unknown };

/** Odd values that validation must turn into messages: wrong types, extremes, deep or empty shapes. */
const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 0.5, 1e308, -1e308, 2 ** 53, '', ' ', '-5s', '1e9d', 'NaN', '__proto__', null, [], {}, true),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  oddValue.map((value): Mutation => ({ kind: 'replace', value })),
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'Intervall', '$schema')).map((key): Mutation => ({ kind: 'rename', key })),
  fc.tuple(fc.string({ maxLength: 12 }), oddValue).map(([key, value]): Mutation => ({ kind: 'add', key, value })),
);

/** A copy of the document with one mutation applied at the path (defined, not assigned, so "__proto__" stays data). */
export function mutate(document: unknown, path: ReadonlyArray<string | number>, change: Mutation): unknown {
  if (path.length === 0) return change.kind === 'replace' ? change.value : change.kind === 'add' && isObject(document) ? define({ ...document }, change.key, change.value) : document;
  const copy: unknown = structuredClone(document);
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const key = path[path.length - 1]!;
  const value = parent[key];
  if (change.kind === 'replace') define(parent, key, change.value);
  else if (change.kind === 'delete') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key];
  else if (change.kind === 'rename' && !Array.isArray(parent)) (delete parent[key], define(parent, change.key, value));
  else if (change.kind === 'add' && isObject(value)) define(value, change.key, change.value);
  return copy;
}

function define(object: Record<string | number, unknown>, key: string | number, value: unknown): Record<string | number, unknown> {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  return object;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
