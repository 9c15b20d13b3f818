// Validation: the schema's findings plus the rules that span fields (Timeout < Interval, events
// naming instances, ...). A rule runs only on fields that are valid on their own, so one mistake gives one message.

import { FAULT_NAMES } from '../model/faults/names.js';
import {
  DEFAULT_DURATION_MS,
  DEFAULT_HEALTH_INTERVAL_MS,
  DEFAULT_HEALTH_TIMEOUT_MS,
  DEFAULT_INSTANCE_IDS,
  DEFAULT_WARMUP_MS,
} from './defaults.js';
import { closestName, didYouMean, formatPath, oneOfText, type JsonPath, type Problem } from './errors.js';
import { Findings, type Rule } from './findings.js';
import { metricRule } from './metric-rule.js';
import { valueAt } from './positions.js';
import { describeOutputSchema, EXPECTED, memberIds, scenarioSchema, shapeProblems, type ScenarioFile } from './schema.js';

type FaultName = (typeof FAULT_NAMES)[number];

const FAULT_PARAMS = ['Factor', 'Add', 'Probability', 'Status'] as const;
const PARAMS_TAKEN: Record<FaultName, readonly string[]> = {
  crash: [],
  hang: [],
  slow: ['Factor', 'Add'],
  errors: ['Probability', 'Status'],
  recover: [],
};
const DISTRIBUTION_KEYS: Record<string, readonly string[]> = {
  exponential: ['Mean'],
  constant: ['Mean', 'Value'],
  uniform: ['Min', 'Max'],
  lognormal: ['Mean', 'Sigma'],
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
  const timeoutMs = f.durationMs(timeout, DEFAULT_HEALTH_TIMEOUT_MS);
  const intervalMs = f.durationMs(interval, DEFAULT_HEALTH_INTERVAL_MS);
  if (timeoutMs < intervalMs) return;
  // Blame the key the author wrote; when both are written, AWS's wording puts it on Timeout.
  if (f.has(timeout)) {
    f.withActual(timeout, { message: 'must be less than Interval', anchor: 'value', expected: `< ${f.shown(interval, DEFAULT_HEALTH_INTERVAL_MS)}` });
  } else {
    f.withActual(interval, { message: 'must be greater than Timeout', anchor: 'value', expected: `> ${f.shown(timeout, DEFAULT_HEALTH_TIMEOUT_MS)}` });
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

interface InstanceNames {
  ids: Set<string>;
  groups: Map<string, string[]>;
  /** What an author would write: group ids and ungrouped instance ids, in file order. */
  referable: string[];
}

const namesOfDocument = new WeakMap<Findings, InstanceNames | null>();

/** Worked out once per document: it reports duplicate ids, and two rules need the names. */
function instanceNamesOnce(f: Findings): InstanceNames | null {
  if (!namesOfDocument.has(f)) namesOfDocument.set(f, instanceNames(f));
  return namesOfDocument.get(f) ?? null;
}

/** Names an event may target: every instance id, and each Count group's own id. Null when unknowable. */
function instanceNames(f: Findings): InstanceNames | null {
  const base = ['Instances'];
  if (!f.has(base)) return f.misspelt(base) ? null : { ids: new Set(DEFAULT_INSTANCE_IDS), groups: new Map(), referable: [...DEFAULT_INSTANCE_IDS] };
  const entries = f.at(base);
  if (!Array.isArray(entries) || !entries.every((_, i) => f.usable([...base, i, 'InstanceId']) && f.usable([...base, i, 'Count']))) return null;
  const names: InstanceNames = { ids: new Set(), groups: new Map(), referable: [] };
  const owners = new Map<string, number>();
  let duplicated = false;
  entries.forEach((_, i) => {
    const id = String(f.at([...base, i, 'InstanceId']));
    const count = Number(f.at([...base, i, 'Count']) ?? 1);
    const members = memberIds(id, count);
    const claimed = count > 1 ? [id, ...members] : members;
    const taken = claimed.find((name) => owners.has(name));
    if (taken !== undefined) {
      duplicated = true;
      const where = formatPath([...base, owners.get(taken)!]);
      const message =
        taken === id ? `instance id "${id}" is already used by ${where}` : `with Count ${count} this makes "${taken}", which ${where} already uses`;
      f.add({ path: [...base, i, 'InstanceId'], message, anchor: 'value' });
    }
    claimed.forEach((name) => owners.set(name, owners.get(name) ?? i));
    members.forEach((member) => names.ids.add(member));
    if (count > 1) names.groups.set(id, members);
    names.referable.push(id);
  });
  return duplicated ? null : names;
}

const MAX_LISTED_NAMES = 8;

function eventInstanceRule(f: Findings, i: number, names: InstanceNames): void {
  const base = ['Events', i, 'Instance'];
  if (!f.usable(base)) return;
  const value = f.at(base);
  const refs: Array<[JsonPath, string]> = Array.isArray(value) ? value.map((ref, j) => [[...base, j], String(ref)]) : [[base, String(value)]];
  const { referable } = names;
  const listed = referable.length > MAX_LISTED_NAMES ? `${oneOfText(referable.slice(0, MAX_LISTED_NAMES))}, …` : oneOfText(referable);
  for (const [path, ref] of refs) {
    if (names.ids.has(ref) || names.groups.has(ref)) continue;
    const suggestion = closestName(ref, [...referable, ...names.ids]);
    const expected = referable.length > 0 ? listed : 'no instance: Instances is empty';
    f.withActual(path, { message: `no instance "${ref}"${didYouMean(suggestion)}`, anchor: 'value', expected });
  }
}

function eventFaultRule(f: Findings, i: number): void {
  const faultPath = ['Events', i, 'Fault'];
  if (!f.has(faultPath) || !f.clean(faultPath)) return;
  const fault = f.at(faultPath) as FaultName;
  for (const key of FAULT_PARAMS) {
    const path = ['Events', i, key];
    if (f.has(path) && !PARAMS_TAKEN[fault].includes(key)) f.add({ path, message: `the ${fault} fault takes no ${key}`, anchor: 'key' });
  }
  const slowParams = ['Factor', 'Add'].map((key) => ['Events', i, key]);
  if (fault === 'slow' && slowParams.every((path) => !f.has(path) && !f.misspelt(path))) {
    f.add({ path: ['Events', i], message: 'the slow fault needs Factor or Add', anchor: 'value' });
  }
  if (fault === 'recover' && f.has(['Events', i, 'Duration'])) {
    f.add({ path: ['Events', i, 'Duration'], message: 'the recover fault takes no Duration', anchor: 'key' });
  }
}

const eventsRule: Rule = (f) => {
  const names = instanceNamesOnce(f);
  f.list(['Events']).forEach((_, i) => {
    eventFaultRule(f, i);
    withinRun(f, ['Events', i, 'At']);
    if (names !== null) eventInstanceRule(f, i, names);
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

const RULES: readonly Rule[] = [listenersRule, healthCheckRule, warmupRule, patternRule, serviceTimesRule, eventsRule, expectRule];

export type Validation = { ok: true; scenario: ScenarioFile } | { ok: false; problems: Problem[] };

/** One scenario object: schema, then cross-field rules, then drop "missing X" where X was misspelt. */
export function validateScenario(raw: unknown): Validation {
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
