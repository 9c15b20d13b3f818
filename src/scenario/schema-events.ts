// The `Events` timeline's schema: when, which instances, which fault and its parameters. Rules that
// span keys (one target, parameters per fault, Status ranges per fault) live in validate-events.ts.

import { z } from 'zod';
import { FAULT_NAMES } from '../model/faults/names.js';
import { integer, list, nonEmptyString, nonNegativeDuration, numberWhere, object, oneOf, positiveDuration, refined } from './schema-parts.js';

/** The keys that say which instances an event hits; an event gives exactly one of them. */
export const TARGET_KEYS = ['Instance', 'AvailabilityZone', 'Fraction'] as const;

/** Every fault parameter key; which fault takes which is validate-events.ts's table. */
export const PARAM_KEYS = ['Factor', 'Add', 'Probability', 'Status', 'Capacity', 'BatchSize', 'RestartTime', 'Deregister'] as const;

const UNIT_INTERVAL = 'a number > 0 and ≤ 1';
const inUnitInterval = () => numberWhere(UNIT_INTERVAL, (n) => n > 0 && n <= 1);

// Only integer-ness here: the range depends on the fault (validate-events.ts), and a range that
// did not know the fault would ask for the wrong one.
const STATUS_CODE = 'an integer status code';
const statusCode = refined(z.number({ error: STATUS_CODE }), STATUS_CODE, (n) => (Number.isSafeInteger(n) ? null : 'must be an integer'));

const instanceRef = refined(
  z.union([z.string(), z.array(z.string())], { error: 'an instance id or a list of them' }),
  'an instance id or a list of them',
  (ref) => (ref.length === 0 ? 'must not be empty' : null),
);

export const event = object({
  At: nonNegativeDuration(),
  Instance: instanceRef.optional(),
  AvailabilityZone: nonEmptyString('a zone name').optional(),
  Fraction: inUnitInterval().optional(),
  Fault: oneOf(FAULT_NAMES, 'fault'),
  Duration: positiveDuration().optional(),
  Factor: numberWhere('a number ≥ 1', (n) => n >= 1).optional(),
  Add: nonNegativeDuration().optional(),
  Probability: inUnitInterval().optional(),
  Status: statusCode.optional(),
  Capacity: inUnitInterval().optional(),
  BatchSize: integer(1).optional(),
  RestartTime: positiveDuration().optional(),
  Deregister: z.boolean({ error: 'true or false' }).optional(),
});

export const events = list(event, 'a list of events');

export type EventEntry = z.output<typeof event>;
