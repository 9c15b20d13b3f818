// Validation: the schema's findings plus the rules that span fields (Timeout < Interval, events
// naming instances, ...). A rule runs only on fields that are valid on their own, so one mistake gives one message.

import { PROFILES } from '../model/profiles.js';
import { DEFAULT_DURATION_MS, DEFAULT_WARMUP_MS } from './defaults.js';
import { PROFILE_RANGES } from './profile-ranges.js';
import { profileOf, profileRangesRule } from './validate-profile-ranges.js';
import type { JsonPath, Problem } from './errors.js';
import { Findings, type Rule } from './findings.js';
import { instanceNamesOnce } from './instance-names.js';
import { metricRule } from './metric-rule.js';
import { valueAt } from './positions.js';
import { describeOutputSchema, scenarioSchema, shapeProblems, type ScenarioFile } from './schema.js';
import { EXPECTED } from './schema-parts.js';
import { balancingRule } from './validate-balancing.js';
import { profileRule } from './schema-profile.js';
import { eventFaultRule, eventTargetRule } from './validate-events.js';
import { expandServiceTimeShorthand, fromLogRule, replayRule } from './schema-replay.js';

const DISTRIBUTION_KEYS: Record<string, readonly string[]> = {
  exponential: ['Mean'],
  constant: ['Mean', 'Value'],
  uniform: ['Min', 'Max'],
  lognormal: ['Mean', 'Sigma'],
};

const nameRule: Rule = (f) => {
  if (!f.has(['LoadBalancerName'])) f.add({ path: ['LoadBalancerName'], message: 'missing required key', anchor: 'parent', expected: EXPECTED.loadBalancerName });
};

const listenersRule: Rule = (f) => {
  if (!f.has(['Listeners']) && !f.has(['ListenerDescriptions'])) {
    f.add({ path: ['Listeners'], message: 'missing required key', anchor: 'parent', expected: EXPECTED.listeners });
  } else if (f.has(['Listeners']) && f.has(['ListenerDescriptions'])) {
    f.add({ path: ['ListenerDescriptions'], message: 'give Listeners or ListenerDescriptions, not both', anchor: 'key' });
  }
};

const healthCheckRule: Rule = (f) => {
  const timeout = ['HealthCheck', 'Timeout'];
  const interval = ['HealthCheck', 'Interval'];
  if (!f.usable(timeout) || !f.usable(interval)) return;
  const profile = profileOf(f);
  // AWS only: HAProxy's `timeout check` may exceed `inter`, and Envoy's timeout is independent of its interval.
  if (!PROFILE_RANGES[profile].timeoutBelowInterval) return;
  const defaults = PROFILES[profile].defaults;
  // HAProxy's default check timeout is its interval (`inter`): only a Timeout the file gives must be shorter.
  if (!f.has(timeout) && defaults.timeoutMs === null) return;
  const timeoutMs = f.durationMs(timeout, defaults.timeoutMs ?? 0);
  const intervalMs = f.durationMs(interval, defaults.intervalMs);
  if (timeoutMs < intervalMs) return;
  // Blame the key the author wrote; when both are written, AWS's wording puts it on Timeout.
  if (f.has(timeout)) {
    f.withActual(timeout, { message: 'must be less than Interval', anchor: 'value', expected: `< ${f.shown(interval, defaults.intervalMs)}` });
  } else {
    f.withActual(interval, { message: 'must be greater than Timeout', anchor: 'value', expected: `> ${f.shown(timeout, defaults.timeoutMs ?? 0)}` });
  }
};

const warmupRule: Rule = (f) => {
  if (!f.has(['Warmup']) || !f.usable(['Warmup']) || !f.usable(['Duration'])) return;
  if (f.durationMs(['Warmup'], DEFAULT_WARMUP_MS) < f.durationMs(['Duration'], DEFAULT_DURATION_MS)) return;
  f.withActual(['Warmup'], { message: 'must be less than Duration', anchor: 'value', expected: `< ${f.shown(['Duration'], DEFAULT_DURATION_MS)}` });
};

/** A time on the run's timeline: not after the end of the run. */
function withinRun(f: Findings, path: JsonPath): void {
  if (!f.has(path) || !f.usable(path) || !f.usable(['Duration'])) return;
  if (f.durationMs(path, 0) <= f.durationMs(['Duration'], DEFAULT_DURATION_MS)) return;
  f.withActual(path, { message: 'must not be after Duration', anchor: 'value', expected: `≤ ${f.shown(['Duration'], DEFAULT_DURATION_MS)}` });
}

const patternRule: Rule = (f) => {
  f.list(['Traffic', 'Pattern']).forEach((_, i) => withinRun(f, ['Traffic', 'Pattern', i, 'At']));
};

function serviceTimeRule(f: Findings, base: JsonPath): void {
  const distributionPath = [...base, 'Distribution'];
  if (!f.has(base) || !f.usable(distributionPath)) return;
  // FromLog without a distribution: the default one serves requests the log gives no time for.
  if (f.at([...base, 'FromLog']) === true && !f.has(distributionPath) && !['Mean', 'Value', 'Min', 'Max', 'Sigma'].some((key) => f.has([...base, key]))) return;
  const distribution = String(f.at(distributionPath) ?? 'exponential');
  const allowed = DISTRIBUTION_KEYS[distribution] ?? [];
  for (const key of ['Mean', 'Value', 'Min', 'Max', 'Sigma']) {
    const path = [...base, key];
    if (f.has(path) && !allowed.includes(key) && f.clean(path)) {
      f.add({ path, message: `not used by the ${distribution} distribution`, anchor: 'key' });
    }
  }
  const required = distribution === 'uniform' ? ['Min', 'Max'] : distribution === 'constant' ? [] : ['Mean'];
  for (const key of required) {
    const path = [...base, key];
    const expected = key === 'Mean' ? EXPECTED.positiveDuration : EXPECTED.nonNegativeDuration;
    if (!f.has(path)) f.add({ path, message: `required by the ${distribution} distribution`, anchor: 'parent', expected });
  }
  if (distribution === 'constant') constantRule(f, base);
  const [min, max] = [[...base, 'Min'], [...base, 'Max']];
  if (distribution === 'uniform' && f.has(min) && f.has(max) && f.usable(min) && f.usable(max) && f.durationMs(max, 0) < f.durationMs(min, 0)) {
    f.withActual(max, { message: 'must not be less than Min', anchor: 'value', expected: `≥ ${f.shown(min, 0)}` });
  }
}

function constantRule(f: Findings, base: JsonPath): void {
  const [mean, value] = [[...base, 'Mean'], [...base, 'Value']];
  if (f.has(mean) && f.has(value)) {
    f.add({ path: value, message: 'give Mean or Value, not both', anchor: 'key' });
  } else if (!f.has(mean) && !f.has(value) && !f.misspelt(mean) && !f.misspelt(value)) {
    f.add({ path: base, message: 'the constant distribution needs Mean or Value', anchor: 'value' });
  }
}

const serviceTimesRule: Rule = (f) => {
  f.list(['Instances']).forEach((_, i) => serviceTimeRule(f, ['Instances', i, 'ServiceTime']));
};

const eventsRule: Rule = (f) => {
  const names = instanceNamesOnce(f);
  f.list(['Events']).forEach((_, i) => {
    eventFaultRule(f, i);
    withinRun(f, ['Events', i, 'At']);
    eventTargetRule(f, i, names);
  });
};

const expectRule: Rule = (f) => {
  const names = instanceNamesOnce(f);
  f.list(['Expect']).forEach((_, i) => {
    metricRule(f, i, names === null ? null : names.ids);
    const bounds = ['Min', 'Max', 'Equals'].map((key) => ['Expect', i, key]);
    const item = f.at(['Expect', i]);
    const isObject = typeof item === 'object' && item !== null && !Array.isArray(item);
    if (isObject && bounds.every((path) => !f.has(path) && !f.misspelt(path))) {
      f.add({ path: ['Expect', i], message: 'needs at least one of Min, Max or Equals', anchor: 'value' });
    }
  });
};

const RULES: readonly Rule[] = [
  profileRule, profileRangesRule, nameRule, listenersRule, healthCheckRule, warmupRule, patternRule, serviceTimesRule, eventsRule, expectRule, balancingRule,
  replayRule, fromLogRule,
];

export type Validation = { ok: true; scenario: ScenarioFile } | { ok: false; problems: Problem[] };

/** One scenario object: schema, then cross-field rules, then drop "missing X" where X was misspelt. */
export function validateScenario(given: unknown): Validation {
  const raw = expandServiceTimeShorthand(given);
  const findings = new Findings(raw, shapeProblems(scenarioSchema, raw));
  // A root that is not an object has nothing for the rules to check.
  if (!findings.problems.some((p) => p.path.length === 0)) {
    for (const rule of RULES) rule(findings);
  }
  const problems = findings.problems.filter((p) => !(p.anchor === 'parent' && findings.misspelt(p.path)));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, scenario: scenarioSchema.parse(raw) };
}

/** A scenario file, or `aws elb describe-load-balancers` output whose first description is the scenario. */
export function validateDocument(raw: unknown): Validation {
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  if (!isObject || !Object.hasOwn(raw, 'LoadBalancerDescriptions')) return validateScenario(raw);
  const envelope = shapeProblems(describeOutputSchema, raw);
  const descriptions = valueAt(raw, ['LoadBalancerDescriptions']);
  if (!Array.isArray(descriptions) || descriptions.length === 0) return { ok: false, problems: envelope };
  const inner = validateScenario(descriptions[0]);
  if (inner.ok && envelope.length === 0) return inner;
  const prefix = ['LoadBalancerDescriptions', 0];
  const innerProblems = inner.ok ? [] : inner.problems.map((p) => ({ ...p, path: [...prefix, ...p.path] }));
  return { ok: false, problems: [...envelope, ...innerProblems] };
}
