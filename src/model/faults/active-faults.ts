// The fault events in force on one instance, per kind, oldest first: what the timeline adds and
// removes, and what a gateway error's cause is read from.

import type { FaultEventConfig } from '../config.js';
import type { FaultKind } from './fault.js';

export type ActiveFaults = Record<FaultKind, FaultEventConfig[]>;

export function noActiveFaults(): ActiveFaults {
  return { crash: [], hang: [], slow: [], errors: [], reset: [], malformed: [], 'health-fail': [], 'health-lie': [], overload: [], blackhole: [] };
}
