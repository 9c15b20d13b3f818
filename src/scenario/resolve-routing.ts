// Defaults for routing: the algorithm when the file names none, its Balancing settings, the
// client population and request headers. Called by resolve.ts; validation asks for the algorithm.

import type { AlgorithmName, ClientsConfig, HashKeyConfig, ListenerProtocol, RoutingConfig } from '../model/config.js';
import * as D from './defaults.js';
import { parseDurationMs } from './duration.js';
import type { ScenarioFile } from './schema.js';

/** The file's algorithm, else the profile's default, else by the first listener's protocol (CLB). */
export function algorithmFor(given: AlgorithmName | undefined, profileDefault: AlgorithmName | null, protocol: ListenerProtocol): AlgorithmName {
  const byProtocol = protocol === 'HTTP' || protocol === 'HTTPS' ? D.DEFAULT_ALGORITHM_HTTP : D.DEFAULT_ALGORITHM_TCP;
  return given ?? profileDefault ?? byProtocol;
}

const msOf = (value: number | string): number => {
  const parsed = parseDurationMs(value);
  if (parsed === null) throw new Error(`resolve: ${JSON.stringify(value)} is not a duration; validate the scenario first`);
  return parsed;
};

function hashKeyOf(given: NonNullable<ScenarioFile['Balancing']>['HashKey']): HashKeyConfig {
  if (given === undefined) return { ...D.DEFAULT_HASH_KEY };
  if (given === 'client' || given === 'path') return { by: given };
  if (typeof given === 'string') throw new Error(`resolve: unknown hash key ${JSON.stringify(given)}; validate the scenario first`);
  return { by: 'header', name: String(given['Header']).toLowerCase() };
}

export function resolveRouting(file: ScenarioFile, algorithm: AlgorithmName): RoutingConfig {
  const given = file.Balancing ?? {};
  const choices = algorithm === 'power-of-two-choices' ? 2 : (given.Choices ?? null);
  const stickiness = given.Stickiness;
  return {
    choices,
    hashKey: hashKeyOf(given.HashKey),
    stickinessMs: stickiness === undefined ? null : stickiness.Duration === undefined ? D.DEFAULT_STICKINESS_DURATION_MS : msOf(stickiness.Duration),
    slowStartMs: given.SlowStart === undefined ? null : msOf(given.SlowStart),
  };
}

export function resolveClients(file: ScenarioFile): ClientsConfig | null {
  const given = file.Traffic?.Clients;
  if (given === undefined) return null;
  return {
    count: given.Count,
    distribution: given.Distribution ?? D.DEFAULT_CLIENT_DISTRIBUTION,
    exponent: given.Exponent ?? D.DEFAULT_ZIPF_EXPONENT,
  };
}

/** Header names in lower case (HTTP compares them so); undefined when the file gives none. */
export function resolveHeaders(given: Record<string, string> | undefined): Record<string, string> | undefined {
  if (given === undefined) return undefined;
  // Sorted so the resolved object's key order does not depend on how the file was written.
  const names = Object.keys(given).sort();
  return Object.fromEntries(names.map((name) => [name.toLowerCase(), given[name]!]));
}
