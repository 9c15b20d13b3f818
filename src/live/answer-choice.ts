// What a faulty instance answers, read from the model's fault state: the same order of precedence as
// model/instance/instance.ts (answerUnderFault), so live and simulated instances fail in the same way.

import type { Instance } from '../model/instance/instance.js';

export type Answer =
  | { kind: 'status'; status: number }
  | { kind: 'reset' }
  | { kind: 'malformed' };

/** `chance(p)` draws from the instance's fault stream; it is called only for the faults in force. */
export function chooseAnswer(state: Instance, isProbe: boolean, chance: (probability: number) => boolean): Answer {
  if (isProbe && state.healthFailStatus !== 0) return { kind: 'status', status: state.healthFailStatus };
  if (isProbe && state.healthLieStatus !== 0) return { kind: 'status', status: 200 };
  if (state.resetProbability > 0 && chance(state.resetProbability)) return { kind: 'reset' };
  if (state.malformedProbability > 0 && chance(state.malformedProbability)) return { kind: 'malformed' };
  if (state.errorProbability > 0 && chance(state.errorProbability)) return { kind: 'status', status: state.errorStatus };
  return { kind: 'status', status: state.healthLieStatus !== 0 ? state.healthLieStatus : 200 };
}

/** The model's rule: a probability of 1 never draws, so turning a fault on shifts no later draw. */
export function chanceFrom(next: () => number): (probability: number) => boolean {
  return (probability) => probability > 0 && (probability >= 1 || next() < probability);
}
