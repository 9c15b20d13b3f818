// The resolved scenario: a validated file with every default applied and every unit normalised.
// It is the only thing the simulator reads; `resolve.ts` is the only place that builds one.

import type { ExpectationConfig, SimulationSetup } from '../model/config.js';

export interface ResolvedScenario extends SimulationSetup {
  /** The path it was loaded from, for messages; '<inline>' when built in code. */
  file: string;
  expect: ExpectationConfig[];
}
