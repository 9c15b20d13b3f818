// Resolves `Profile` (a name or `{Base, …overrides}`) into the model's behaviour and defaults,
// and the balancer's nodes: one per zone for the AWS profiles, one proxy for the others.

import type { ProfileName, Reason } from '../model/outcome.js';
import { OUTLIER_DEFAULTS, defaultMaxEjectionTimeMs } from '../model/health/envoy-outlier.js';
import { PROFILES, type ProfileBehaviour, type ProfileDefaults } from '../model/profiles.js';
import { DEFAULT_CROSS_ZONE, DEFAULT_PROFILE, DEFAULT_ZONE } from './defaults.js';
import { parseDurationMs } from './duration.js';
import { poolMembers } from './pool.js';
import type { ScenarioFile } from './schema.js';
import { ANY_MATCHER_LIMITS, parseMatcher } from '../model/health/health-rules.js';
import { NGINX_PASSIVE_DEFAULTS } from '../model/health/nginx-passive.js';
import type { ProfileObject } from './schema-profile.js';

export interface ResolvedProfile {
  name: ProfileName;
  behaviour: ProfileBehaviour;
  defaults: ProfileDefaults;
  /** The override keys given, in file order. */
  overrides: string[];
}

const msOf = (value: number | string): number => parseDurationMs(value)!;

/** `true`: Envoy's defaults; an object: its keys over them (max_ejection_time follows a given base). */
function outlier(given: NonNullable<ProfileObject['OutlierDetection']>): ProfileBehaviour['outlier'] {
  if (given === false) return null;
  const o = given === true ? {} : given;
  const baseEjectionTimeMs = o.BaseEjectionTime === undefined ? OUTLIER_DEFAULTS.baseEjectionTimeMs : msOf(o.BaseEjectionTime);
  return {
    consecutive5xx: o.Consecutive5xx ?? OUTLIER_DEFAULTS.consecutive5xx,
    baseEjectionTimeMs,
    maxEjectionTimeMs: o.MaxEjectionTime === undefined ? defaultMaxEjectionTimeMs(baseEjectionTimeMs) : msOf(o.MaxEjectionTime),
    maxEjectionPercent: o.MaxEjectionPercent ?? OUTLIER_DEFAULTS.maxEjectionPercent,
    alwaysEjectOneHost: o.AlwaysEjectOneHost ?? OUTLIER_DEFAULTS.alwaysEjectOneHost,
    intervalMs: o.Interval === undefined ? OUTLIER_DEFAULTS.intervalMs : msOf(o.Interval),
  };
}

function passive(base: ProfileBehaviour['passive'], given: ProfileObject): ProfileBehaviour['passive'] {
  if (given.MaxFails === undefined && given.FailTimeout === undefined) return base;
  const maxFails = given.MaxFails ?? base?.maxFails ?? NGINX_PASSIVE_DEFAULTS.maxFails;
  // nginx: max_fails=0 turns the accounting off.
  if (maxFails === 0) return null;
  return { maxFails, failTimeoutMs: given.FailTimeout === undefined ? (base?.failTimeoutMs ?? NGINX_PASSIVE_DEFAULTS.failTimeoutMs) : msOf(given.FailTimeout) };
}

/** The Matcher's statuses and HAProxy's fastinter/downinter over the profile's health rules. */
function healthRules(base: ProfileBehaviour['health'], given: ProfileObject): ProfileBehaviour['health'] {
  if (given.Matcher === undefined && given.FastInterval === undefined && given.DownInterval === undefined) return base;
  const matcher = given.Matcher === undefined ? null : parseMatcher(given.Matcher, ANY_MATCHER_LIMITS);
  const rules = matcher !== null && 'ranges' in matcher ? { ...base, passStatuses: matcher.ranges } : { ...base };
  if (given.FastInterval !== undefined) rules.fastIntervalMs = msOf(given.FastInterval);
  if (given.DownInterval !== undefined) rules.downIntervalMs = msOf(given.DownInterval);
  return rules;
}

function applyOverrides(base: ProfileBehaviour, given: ProfileObject): ProfileBehaviour {
  return {
    ...base,
    activeChecks: given.ActiveChecks ?? base.activeChecks,
    health: healthRules(base.health, given),
    failOpen: given.FailOpen ?? base.failOpen,
    panicThresholdPercent: given.PanicThreshold ?? base.panicThresholdPercent,
    retryOn: given.RetryOn ?? base.retryOn,
    maxRetries: given.Retries ?? base.maxRetries,
    redispatch: given.Redispatch ?? base.redispatch,
    passive: passive(base.passive, given),
    outlier: given.OutlierDetection === undefined ? base.outlier : outlier(given.OutlierDetection),
    surgeQueueLength: given.SurgeQueueLength ?? base.surgeQueueLength,
  };
}

export function resolveProfile(file: ScenarioFile): ResolvedProfile {
  const given = file.Profile ?? DEFAULT_PROFILE;
  if (typeof given === 'string') {
    const name = given as ProfileName;
    return { name, behaviour: PROFILES[name].behaviour, defaults: PROFILES[name].defaults, overrides: [] };
  }
  const object = given as unknown as ProfileObject;
  const definition = PROFILES[object.Base];
  const defaults =
    object.ConnectTimeout === undefined ? definition.defaults : { ...definition.defaults, connectTimeoutMs: msOf(object.ConnectTimeout) };
  return {
    name: object.Base,
    behaviour: applyOverrides(definition.behaviour, object),
    defaults,
    overrides: Object.keys(object).filter((key) => key !== 'Base'),
  };
}

/**
 * The balancer's nodes. AWS runs one per enabled zone: the file's AvailabilityZones, else the
 * zones of its instances in pool order. The proxies are one process, named after the profile.
 */
export function resolveNodes(file: ScenarioFile, profile: ResolvedProfile): string[] {
  if (!profile.behaviour.nodePerZone) return [profile.name];
  if (file.AvailabilityZones !== undefined) return [...new Set(file.AvailabilityZones)];
  const zones = [...new Set(poolMembers(file.Instances, file.AvailabilityZones).map((member) => member.zone))];
  // An empty pool still has a balancer to answer 503: one node in the default zone.
  return zones.length > 0 ? zones : [DEFAULT_ZONE];
}

export function resolveCrossZone(file: ScenarioFile, profile: ResolvedProfile): boolean {
  return file.LoadBalancerAttributes?.CrossZoneLoadBalancing?.Enabled ?? DEFAULT_CROSS_ZONE[profile.name];
}

/** Reasons retried when `Balancing.Retries` is given to a profile that retries nothing itself: Envoy's connect-failure and reset. */
const DEFAULT_RETRY_ON: readonly Reason[] = ['ConnectRefused', 'ConnectTimeout', 'UpstreamReset', 'KeepAliveRace'];

/**
 * `Balancing.Retries`, `RetryOn` and `RetryBudget` over the profile's own retry behaviour (the
 * portable spelling of Envoy's retry policy, nginx's proxy_next_upstream_tries, HAProxy's retries).
 */
export function withBalancingRetries(behaviour: ProfileBehaviour, file: ScenarioFile): ProfileBehaviour {
  const given = file.Balancing;
  if (given?.Retries === undefined && given?.RetryOn === undefined && given?.RetryBudget === undefined) return behaviour;
  const conditions = given.RetryOn;
  const reasons = conditions?.filter((condition): condition is Reason => condition !== '5xx');
  const retryOn = reasons ?? (behaviour.retryOn.length > 0 ? behaviour.retryOn : DEFAULT_RETRY_ON);
  const budget = given.RetryBudget;
  return {
    ...behaviour,
    maxRetries: given.Retries ?? behaviour.maxRetries,
    retryOn,
    retry5xx: conditions === undefined ? behaviour.retry5xx : conditions.includes('5xx'),
    // Envoy's retry budget defaults: 20% of active requests, at least 3 retries at once.
    retryBudget: budget === undefined ? behaviour.retryBudget : { percent: budget.Percent ?? 20, minConcurrent: budget.MinConcurrent ?? 3 },
  };
}
