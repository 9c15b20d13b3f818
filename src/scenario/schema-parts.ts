// Building blocks of the scenario schemas: zod types whose issues carry an `expected` text, so
// every message can say what was wanted. schema.ts and schema-events.ts are made of these.

import { z } from 'zod';
import { parseDurationMs, isNegativeDuration } from './duration.js';
import { closestName, didYouMean, oneOfText } from './errors.js';

export const OUT_OF_RANGE = 'out of range';
const NOT_A_DURATION = 'not a duration: use seconds, a number with a unit ms, s, m, h or d, or a compound such as 1m30s';

/** `expected` texts that validate.ts repeats when a rule makes an optional key required. */
export const EXPECTED = {
  positiveDuration: 'a duration > 0',
  nonNegativeDuration: 'a duration ≥ 0',
  listeners: 'a list of at least one listener',
  loadBalancerName: 'a load balancer name',
  target: 'TCP:port, SSL:port, HTTP:port/path or HTTPS:port/path',
} as const;

export interface Finding {
  message: string;
  expected?: string;
}

/**
 * A base type plus a value check; issues carry `expected` so every message can show it. The
 * JSON Schema (json-schema.ts) cannot see the check: `expected` becomes its description there.
 */
export function refined<T extends z.ZodType>(base: T, expected: string, check: (value: z.output<T>) => Finding | string | null): T {
  return base
    .superRefine((value, ctx) => {
      const result = check(value);
      if (result === null) return;
      const finding = typeof result === 'string' ? { message: result } : result;
      ctx.addIssue({ code: 'custom', message: finding.message, params: { expected: finding.expected ?? expected } });
    })
    .meta({ description: expected });
}

export function integer(min: number, max?: number) {
  const expected = max === undefined ? `an integer ≥ ${min}` : `an integer ${min}–${max}`;
  return refined(z.number({ error: expected }), expected, (n) => {
    if (!Number.isSafeInteger(n)) return 'must be an integer';
    return n < min || (max !== undefined && n > max) ? OUT_OF_RANGE : null;
  }).meta({ type: 'integer', minimum: min, ...(max === undefined ? {} : { maximum: max }) });
}

export const port = () => integer(1, 65535);

export function numberWhere(expected: string, ok: (n: number) => boolean) {
  return refined(z.number({ error: expected }), expected, (n) => (ok(n) ? null : OUT_OF_RANGE));
}

export function nonEmptyString(expected: string) {
  return refined(z.string({ error: expected }), expected, (s) => (s.length > 0 ? null : 'must not be empty')).meta({ minLength: 1 });
}

/** A string from a closed list; the check guarantees membership, so the output type says so. */
export function oneOf<const T extends readonly string[]>(names: T, noun: string): z.ZodType<T[number]> {
  const expected = oneOfText(names);
  return refined(z.string({ error: expected }), expected, (s) =>
    names.includes(s) ? null : `unknown ${noun}${didYouMean(closestName(s, names))}`,
  ).meta({ enum: [...names] }) as z.ZodType<T[number]>;
}

/** Seconds as a number, or a string with a unit; `ok` sees milliseconds. */
export function duration(expected: string, ok: (ms: number) => boolean) {
  return refined(z.union([z.number(), z.string()], { error: expected }), expected, (value) => {
    const ms = parseDurationMs(value);
    if (ms === null) return isNegativeDuration(value) ? OUT_OF_RANGE : NOT_A_DURATION;
    return ok(ms) ? null : OUT_OF_RANGE;
  });
}

export const seconds = (min: number, max: number) => duration(`${min}–${max} seconds`, (ms) => ms >= min * 1000 && ms <= max * 1000);
export const nonNegativeDuration = () => duration(EXPECTED.nonNegativeDuration, (ms) => ms >= 0);
export const positiveDuration = () => duration(EXPECTED.positiveDuration, (ms) => ms > 0);

export function list<T extends z.ZodType>(item: T, expected: string, minItems = 0) {
  return refined(z.array(item, { error: expected }), expected, (items) => (items.length >= minItems ? null : 'must not be empty')).meta(
    minItems > 0 ? { minItems } : {},
  );
}

export function object<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, { error: 'an object' });
}
