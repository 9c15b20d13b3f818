// The rules of one `Events` item that span keys: which parameters its fault takes and in what
// range, and its target: exactly one of Instance, AvailabilityZone or Fraction, naming real instances.

import type { FaultName } from '../model/config.js';
import { closestName, didYouMean, oneOfText, type JsonPath } from './errors.js';
import type { Findings } from './findings.js';
import type { InstanceNames } from './instance-names.js';
import { PARAM_KEYS, TARGET_KEYS } from './schema-events.js';

type ParamKey = (typeof PARAM_KEYS)[number];
type TargetKey = (typeof TARGET_KEYS)[number];

const PARAMS_TAKEN: Record<FaultName, readonly ParamKey[]> = {
  crash: [],
  hang: [],
  slow: ['Factor', 'Add'],
  errors: ['Probability', 'Status'],
  recover: [],
  reset: ['Probability'],
  malformed: ['Probability'],
  'health-fail': ['Status'],
  'health-lie': ['Status'],
  overload: ['Capacity'],
  blackhole: [],
  register: [],
  deregister: [],
  deploy: ['BatchSize', 'RestartTime', 'Deregister'],
};

/**
 * `Status` per fault. errors and health-lie are what traffic gets from the instance, a 5xx the
 * balancer passes through. health-fail is what the health path answers, and a CLB check fails on
 * anything but 200, so a 404 from a missing health route counts as much as a 500.
 */
const STATUS_RANGES: Partial<Record<FaultName, readonly [number, number]>> = {
  errors: [500, 599],
  'health-fail': [400, 599],
  'health-lie': [500, 599],
};

const ONE_TARGET = `exactly one of ${TARGET_KEYS.join(', ')}`;
/** Longer lists of names in `expected` are cut here: the suggestion matters more than the list. */
const MAX_LISTED_NAMES = 8;

const listed = (names: readonly string[]) => (names.length > MAX_LISTED_NAMES ? `${oneOfText(names.slice(0, MAX_LISTED_NAMES))}, …` : oneOfText(names));

export function eventFaultRule(f: Findings, i: number): void {
  const faultPath = ['Events', i, 'Fault'];
  if (!f.has(faultPath) || !f.clean(faultPath)) return;
  const fault = f.at(faultPath) as FaultName;
  for (const key of PARAM_KEYS) {
    const path = ['Events', i, key];
    if (f.has(path) && !PARAMS_TAKEN[fault].includes(key)) f.add({ path, message: `the ${fault} fault takes no ${key}`, anchor: 'key' });
  }
  const slowParams = ['Factor', 'Add'].map((key) => ['Events', i, key]);
  if (fault === 'slow' && slowParams.every((path) => !f.has(path) && !f.misspelt(path))) {
    f.add({ path: ['Events', i], message: 'the slow fault needs Factor or Add', anchor: 'value' });
  }
  if ((fault === 'recover' || fault === 'register' || fault === 'deregister') && f.has(['Events', i, 'Duration'])) {
    f.add({ path: ['Events', i, 'Duration'], message: `the ${fault} event takes no Duration`, anchor: 'key' });
  }
  if (fault === 'deploy' && f.has(['Events', i, 'Duration'])) {
    f.add({ path: ['Events', i, 'Duration'], message: 'the deploy event takes no Duration: it lasts until its last batch is InService again', anchor: 'key' });
  }
  statusRule(f, ['Events', i, 'Status'], fault);
}

function statusRule(f: Findings, path: JsonPath, fault: FaultName): void {
  const range = STATUS_RANGES[fault];
  if (range === undefined || !f.has(path) || !f.clean(path)) return;
  const [min, max] = range;
  const status = Number(f.at(path));
  if (status >= min && status <= max) return;
  f.withActual(path, { message: `out of range for the ${fault} fault`, anchor: 'value', expected: `an integer ${min}–${max}` });
}

export function eventTargetRule(f: Findings, i: number, names: InstanceNames | null): void {
  const base = ['Events', i];
  const event = f.at(base);
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return;
  // In file order, so the key written second is the one blamed.
  const [first, ...extra] = Object.keys(event).filter((key): key is TargetKey => (TARGET_KEYS as readonly string[]).includes(key));
  if (first === undefined) {
    if (!TARGET_KEYS.some((key) => f.misspelt([...base, key]))) f.add({ path: base, message: 'names no instances', anchor: 'value', expected: ONE_TARGET });
    return;
  }
  for (const key of extra) f.add({ path: [...base, key], message: `give ${first} or ${key}, not both`, anchor: 'key', expected: ONE_TARGET });
  if (extra.length > 0 || names === null || !f.clean([...base, first])) return;
  if (first === 'Instance') instanceTargetRule(f, [...base, first], names);
  else if (first === 'AvailabilityZone') zoneTargetRule(f, [...base, first], names);
  else fractionTargetRule(f, [...base, first], names);
}

function instanceTargetRule(f: Findings, base: JsonPath, names: InstanceNames): void {
  const value = f.at(base);
  const refs: Array<[JsonPath, string]> = Array.isArray(value) ? value.map((ref, j) => [[...base, j], String(ref)]) : [[base, String(value)]];
  const { referable } = names;
  for (const [path, ref] of refs) {
    if (names.ids.has(ref) || names.groups.has(ref)) continue;
    const suggestion = closestName(ref, [...referable, ...names.ids]);
    const expected = referable.length > 0 ? listed(referable) : 'no instance: Instances is empty';
    f.withActual(path, { message: `no instance "${ref}"${didYouMean(suggestion)}`, anchor: 'value', expected });
  }
}

/** A zone must hold at least one instance: an event on an empty zone would do nothing, silently. */
function zoneTargetRule(f: Findings, path: JsonPath, names: InstanceNames): void {
  if (!names.zonesKnown) return;
  const zone = String(f.at(path));
  const zones = [...new Set(names.pool.map((member) => member.zone))];
  if (zones.includes(zone)) return;
  const expected = zones.length > 0 ? listed(zones) : 'no zone: Instances is empty';
  f.withActual(path, { message: `no instance in zone "${zone}"${didYouMean(closestName(zone, zones))}`, anchor: 'value', expected });
}

/** Any Fraction > 0 selects at least one instance (it rounds up), unless there is none to select. */
function fractionTargetRule(f: Findings, path: JsonPath, names: InstanceNames): void {
  if (names.pool.length > 0) return;
  f.withActual(path, { message: 'selects no instance from an empty pool', anchor: 'value', expected: 'at least one instance in Instances' });
}
