// Envoy's value types as its proto3 JSON/YAML mapping writes them: durations ("5s", "0.25s" or
// {seconds, nanos}), unsigned integers (wrappers such as UInt32Value are the bare number), Percent
// ({value}), enums by name. Each reader logs an error with the value's position and returns undefined.

import { isMap, isScalar, type Node } from 'yaml';
import { closestName, didYouMean, jsonText, oneOfText } from '../../errors.js';
import { mapEntries, plainValue } from '../yaml-source.js';
import type { EnvoyLog } from './envoy-log.js';

const DURATION_TEXT = 'a protobuf duration such as "5s", "0.25s" or {seconds: 5, nanos: 0}';
// google.protobuf.Duration in JSON: seconds with up to 9 fractional digits and the suffix "s".
const DURATION_PATTERN = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;

const shown = (node: Node | null): string => jsonText(plainValue(node));

/** Milliseconds; `positive` (Envoy's `gt: {}` rule) refuses zero. Negative durations are always refused. */
export function durationMs(log: EnvoyLog, node: Node | null, path: string, positive: boolean): number | undefined {
  let ms: number | null = null;
  if (isScalar(node) && typeof node.value === 'string') {
    const match = DURATION_PATTERN.exec(node.value.trim());
    if (match !== null && match[1] === undefined) ms = Number(match[2]) * 1000 + Number(`0.${match[3] ?? '0'}`) * 1000;
  } else if (isMap(node)) {
    const parts = Object.fromEntries(mapEntries(node).map((e) => [e.key, plainValue(e.value)]));
    const keysOk = Object.keys(parts).every((key) => key === 'seconds' || key === 'nanos');
    const seconds = parts['seconds'] ?? 0;
    const nanos = parts['nanos'] ?? 0;
    const whole = (n: unknown) => (typeof n === 'number' || typeof n === 'string') && /^\d+$/.test(String(n));
    if (keysOk && whole(seconds) && whole(nanos) && Number(nanos) < 1e9) ms = Number(seconds) * 1000 + Number(nanos) / 1e6;
  }
  if (ms === null) {
    log.error(node ?? log.source.root!, path, 'not a duration', DURATION_TEXT, shown(node));
    return undefined;
  }
  if (positive && ms <= 0) {
    log.error(node!, path, 'must be greater than 0', 'a duration > 0', shown(node));
    return undefined;
  }
  // Float noise from "0.1s" style fractions: Envoy keeps nanoseconds, a microsecond is plenty here.
  return Math.round(ms * 1000) / 1000;
}

/** An unsigned integer in [min, max]; a quoted number is accepted as proto3 JSON allows. */
export function uint(log: EnvoyLog, node: Node | null, path: string, min = 0, max = 4_294_967_295): number | undefined {
  const raw = isScalar(node) ? node.value : undefined;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  const expected = max === 4_294_967_295 ? `an integer ≥ ${min}` : `an integer ${min}–${max}`;
  if (!Number.isInteger(n) || n < min || n > max) {
    log.error(node ?? log.source.root!, path, Number.isInteger(n) ? 'out of range' : 'not an integer', expected, shown(node));
    return undefined;
  }
  return n;
}

export function text(log: EnvoyLog, node: Node | null, path: string, expected = 'a string'): string | undefined {
  if (isScalar(node) && typeof node.value === 'string' && node.value !== '') return node.value;
  log.error(node ?? log.source.root!, path, 'not a string', expected, shown(node));
  return undefined;
}

export function bool(log: EnvoyLog, node: Node | null, path: string): boolean | undefined {
  if (isScalar(node) && typeof node.value === 'boolean') return node.value;
  log.error(node ?? log.source.root!, path, 'not a boolean', 'true or false', shown(node));
  return undefined;
}

/** An enum by name (Envoy's YAML also takes the number; names are what people write). */
export function enumName<T extends string>(log: EnvoyLog, node: Node | null, path: string, names: readonly T[]): T | undefined {
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string' && (names as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === 'string' ? didYouMean(closestName(value, names)) : '';
  log.error(node ?? log.source.root!, path, `unknown value${hint}`, oneOfText(names), shown(node));
  return undefined;
}

/** envoy.type.v3.Percent: `{value: 50.0}`, 0–100. */
export function percent(log: EnvoyLog, node: Node | null, path: string): { value: number; at: Node } | undefined {
  const entry = mapEntries(node).find((e) => e.key === 'value');
  const raw = entry?.value !== undefined && isScalar(entry.value) ? entry.value.value : undefined;
  if (typeof raw !== 'number' || raw < 0 || raw > 100) {
    log.error(entry?.value ?? node ?? log.source.root!, `${path}.value`, 'not a percentage', 'a number 0–100 as {value: n}', shown(entry?.value ?? node));
    return undefined;
  }
  return { value: raw, at: entry!.value! };
}

/** A duration as a scenario writes it: "5s" when whole seconds, else "250ms". */
export function durationText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
