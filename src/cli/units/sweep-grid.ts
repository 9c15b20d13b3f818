// `--set PATH=v1,v2,…` for sweep: parses each option, builds every combination as a scenario
// document, and loads each as its file would be (a bad value is exit 2 naming the path).

import { formatPath, jsonText, type JsonPath } from '../../scenario/errors.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { parseScenarioText } from '../../scenario/load.js';
import { UsageError } from '../exit-codes.js';
import { InvalidScenario } from '../load-scenario.js';

export interface SetOption {
  /** As written: `HealthCheck.Interval`. */
  path: string;
  segments: JsonPath;
  values: unknown[];
}

export interface GridPoint {
  /** Path → value, in the order the --set options were given. */
  settings: Record<string, unknown>;
  scenario: ResolvedScenario;
}

/** `HealthCheck.Interval=5,10,30`: values are JSON where they parse (numbers, true, objects), else strings. */
export function parseSet(spec: string): SetOption {
  const equals = spec.indexOf('=');
  const path = equals < 0 ? '' : spec.slice(0, equals).trim();
  if (equals < 0 || path === '') throw new UsageError(`--set: expected PATH=v1,v2,… such as HealthCheck.Interval=5,10,30, got "${spec}"`);
  const segments = parseKeyPath(path);
  if (segments[0] === 'Seed') throw new UsageError('--set Seed: a sweep runs every point on the same seeds; choose how many with --seeds and the first with --seed');
  const texts = splitTopLevel(spec.slice(equals + 1));
  if (texts.some((text) => text.trim() === '')) throw new UsageError(`--set ${path}: empty value in "${spec}" (values are separated by commas)`);
  return { path, segments, values: texts.map(parseValue) };
}

/** `Instances.0.Concurrency` or `Instances[0].Concurrency`: keys, and numbers for list positions. */
function parseKeyPath(path: string): JsonPath {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  if (parts.some((part) => part === '')) throw new UsageError(`--set: "${path}" is not a key path such as HealthCheck.Interval or Instances.0.Concurrency`);
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Commas inside quotes, brackets or braces belong to a JSON value, not between values. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function parseValue(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return trimmed;
  }
}

/** Every combination, the first --set varying slowest; each one validated like a file. */
export function buildGrid(raw: unknown, sets: readonly SetOption[], file: string): GridPoint[] {
  const seen = new Set<string>();
  for (const set of sets) {
    const key = formatPath(set.segments);
    if (seen.has(key)) throw new UsageError(`--set ${set.path}: given twice; list all its values in one --set`);
    seen.add(key);
  }
  let combos: Array<Array<[SetOption, unknown]>> = [[]];
  for (const set of sets) combos = combos.flatMap((combo) => set.values.map((value): Array<[SetOption, unknown]> => [...combo, [set, value]]));
  const errors: string[] = [];
  const points = combos.flatMap((combo): GridPoint[] => {
    const document = structuredClone(raw);
    for (const [set, value] of combo) assign(scenarioRoot(document), set, value);
    // Loaded as the file itself would be: a `Config` it names is imported (relative to the file) under its own keys.
    const loaded = parseScenarioText(JSON.stringify(document), file);
    const label = combo.map(([set, value]) => `--set ${set.path}=${typeof value === 'string' ? value : jsonText(value)}`).join(' ');
    if (!loaded.ok) {
      errors.push(...loaded.errors.map((e) => `${label}: ${e.path || '(the scenario)'}: ${e.message}${details(e.expected, e.actual)}`));
      return [];
    }
    const settings = Object.fromEntries(combo.map(([set, value]) => [set.path, value]));
    return [{ settings, scenario: loaded.scenario }];
  });
  if (errors.length > 0) throw new InvalidScenario([...new Set(errors)]);
  return points;
}

function details(expected: string | undefined, actual: string | undefined): string {
  const parts = [...(expected === undefined ? [] : [`expected ${expected}`]), ...(actual === undefined ? [] : [`got ${actual}`])];
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

/** The scenario itself; for `aws elb describe-load-balancers` output, its first description. */
function scenarioRoot(document: unknown): unknown {
  const descriptions = isObject(document) ? document['LoadBalancerDescriptions'] : undefined;
  return Array.isArray(descriptions) && descriptions.length > 0 ? descriptions[0] : document;
}

/** Sets the value at the path, creating missing objects on the way; a list position must exist. */
function assign(root: unknown, set: SetOption, value: unknown): void {
  let node = root;
  set.segments.forEach((segment, i) => {
    const last = i === set.segments.length - 1;
    const where = formatPath(set.segments.slice(0, i)) || 'the scenario';
    if (Array.isArray(node)) {
      if (typeof segment !== 'number' || segment >= node.length) {
        throw new UsageError(`--set ${set.path}: ${where} is a list of ${node.length}; expected a position 0–${node.length - 1}, got "${segment}"`);
      }
    } else if (!isObject(node)) {
      throw new UsageError(`--set ${set.path}: ${where} is ${jsonText(node)}, not an object or a list`);
    }
    const container = node as Record<string | number, unknown>;
    // Own properties only, defined rather than assigned: a key such as "__proto__" stays plain data.
    const existing = Object.hasOwn(container, segment) ? container[segment] : undefined;
    const next = last ? value : (existing ?? {});
    if (next !== existing) Object.defineProperty(container, segment, { value: next, writable: true, enumerable: true, configurable: true });
    node = next;
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
