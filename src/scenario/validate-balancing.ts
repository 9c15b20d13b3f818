// Rules across `Balancing` and `Traffic`: each setting only with an algorithm that uses it, slow
// start not with least-outstanding (ALB refuses it), a client population where clients matter,
// HTTP listeners where a cookie, a path or a header is read, and the `{"Header": name}` form.

import { PROFILE_NAMES, type ProfileName } from '../model/outcome.js';
import { PROFILES } from '../model/profiles.js';
import type { AlgorithmName, ListenerProtocol } from '../model/config.js';
import { DEFAULT_PROFILE } from './defaults.js';
import type { JsonPath } from './errors.js';
import type { Findings, Rule } from './findings.js';
import { algorithmFor } from './resolve-routing.js';
import { hashKeyObject } from './schema-balancing.js';
import { shapeProblems } from './schema.js';

const HASHING: readonly AlgorithmName[] = ['consistent-hash', 'maglev'];
const LEAST_OUTSTANDING: readonly AlgorithmName[] = ['least-outstanding', 'power-of-two-choices'];
const CLIENTS = ['Traffic', 'Clients'];

function firstProtocol(f: Findings): ListenerProtocol | undefined {
  const given = f.at(['Listeners', 0, 'Protocol']) ?? f.at(['ListenerDescriptions', 0, 'Listener', 'Protocol']);
  return typeof given === 'string' ? (given as ListenerProtocol) : undefined;
}

/** The algorithm the run will use, or null while something it depends on is itself invalid. */
function algorithmOf(f: Findings): { name: AlgorithmName; given: boolean } | null {
  if (!f.usable(['Balancing', 'Algorithm'])) return null;
  const given = f.at(['Balancing', 'Algorithm']) as AlgorithmName | undefined;
  const protocol = firstProtocol(f);
  if (given === undefined && (protocol === undefined || !f.clean(['Profile']))) return null;
  const value = f.at(['Profile']);
  const base = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['Base'] : value;
  const profile: ProfileName = (PROFILE_NAMES as readonly unknown[]).includes(base) ? (base as ProfileName) : DEFAULT_PROFILE;
  return { name: algorithmFor(given, PROFILES[profile].defaults.algorithm, protocol ?? 'HTTP'), given: given !== undefined };
}

/** The algorithm in quotes, saying so when it is the default rather than the file's choice. */
const named = (algorithm: { name: AlgorithmName; given: boolean }) => `"${algorithm.name}"${algorithm.given ? '' : ', the default when Balancing.Algorithm is not given'}`;

function onlyWith(f: Findings, path: JsonPath, allowed: readonly AlgorithmName[], algorithm: { name: AlgorithmName; given: boolean }, what: string): void {
  if (!f.has(path) || !f.clean(path) || allowed.includes(algorithm.name)) return;
  f.add({ path, message: `only ${what}; the algorithm is ${named(algorithm)}`, anchor: 'key' });
}

function needsClients(f: Findings, reason: string): void {
  // A replay's clients are the log's client addresses.
  if (f.has(CLIENTS) || f.has(['Traffic', 'Replay']) || f.misspelt(CLIENTS) || !f.clean(['Traffic'])) return;
  f.add({ path: CLIENTS, message: `required by ${reason}: without a client population every request is a new client`, anchor: 'parent', expected: '{"Count": n}' });
}

function needsHttp(f: Findings, path: JsonPath, what: string): void {
  const protocol = firstProtocol(f);
  if (!f.has(path) || !f.clean(path) || protocol === undefined || protocol === 'HTTP' || protocol === 'HTTPS') return;
  f.add({ path, message: `${what} needs an HTTP or HTTPS listener (the first listener is ${protocol})`, anchor: 'key' });
}

const hashKeyRule = (f: Findings): void => {
  const path = ['Balancing', 'HashKey'];
  const value = f.at(path);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !f.clean(path)) return;
  for (const problem of shapeProblems(hashKeyObject, value)) f.add({ ...problem, path: [...path, ...problem.path] });
};

function slowStartRule(f: Findings, algorithm: { name: AlgorithmName; given: boolean }): void {
  const path = ['Balancing', 'SlowStart'];
  if (!f.has(path) || !f.clean(path)) return;
  if (LEAST_OUTSTANDING.includes(algorithm.name)) {
    f.add({ path, message: `slow start cannot be combined with least outstanding requests (ALB refuses it); the algorithm is ${named(algorithm)}`, anchor: 'key' });
  } else if (HASHING.includes(algorithm.name)) {
    f.add({ path, message: `slow start applies to round-robin, weighted-round-robin, random and weighted-random; the algorithm is ${named(algorithm)}`, anchor: 'key' });
  }
}

/** Retries have two spellings (Balancing and the Profile object): one file gives one of them. */
const retriesRule = (f: Findings): void => {
  for (const key of ['Retries', 'RetryOn']) {
    const inBalancing = ['Balancing', key];
    if (f.has(inBalancing) && f.has(['Profile', key])) {
      f.add({ path: inBalancing, message: `give ${key} in Balancing or in the Profile object, not both`, anchor: 'key' });
    }
  }
};

export const balancingRule: Rule = (f) => {
  hashKeyRule(f);
  retriesRule(f);
  const exponent = [...CLIENTS, 'Exponent'];
  if (f.has(exponent) && f.clean(exponent) && f.usable([...CLIENTS, 'Distribution']) && f.at([...CLIENTS, 'Distribution']) !== 'zipf') {
    f.add({ path: exponent, message: 'not used by the uniform distribution', anchor: 'key' });
  }
  const algorithm = algorithmOf(f);
  if (algorithm === null) return;
  onlyWith(f, ['Balancing', 'Choices'], ['least-outstanding'], algorithm, 'least-outstanding takes Choices (power-of-two-choices is Choices 2)');
  onlyWith(f, ['Balancing', 'HashKey'], HASHING, algorithm, 'consistent-hash and maglev take a HashKey');
  slowStartRule(f, algorithm);
  const hashKey = f.at(['Balancing', 'HashKey']);
  if (HASHING.includes(algorithm.name) && (hashKey === undefined || hashKey === 'client') && !f.misspelt(['Balancing', 'HashKey'])) {
    needsClients(f, `Balancing.Algorithm "${algorithm.name}" keyed by client`);
  }
  if (f.has(['Balancing', 'Stickiness'])) needsClients(f, 'Balancing.Stickiness');
  needsHttp(f, ['Balancing', 'Stickiness'], 'an LB cookie');
  if (hashKey !== undefined && hashKey !== 'client') needsHttp(f, ['Balancing', 'HashKey'], 'hashing a path or header');
};
