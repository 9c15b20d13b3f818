// What a faulty instance answers, read from its fault state, in one order of precedence for the
// simulator and live mode: the health path's own faults first, then reset, malformed, errors.

/** The fault state the answer depends on (the model's Instance). */
export interface AnswerFaults {
  healthFailStatus: number;
  healthLieStatus: number;
  resetProbability: number;
  malformedProbability: number;
  errorProbability: number;
  errorStatus: number;
}

export type Answer =
  | { kind: 'status'; status: number }
  | { kind: 'reset' }
  | { kind: 'malformed' };

/**
 * health-fail makes the health path fail and health-lie makes it pass despite the answer faults;
 * then, for both paths, a closed connection (reset) beats an unparsable response (malformed) beats
 * a 5xx (errors, health-lie). `chance(p)` draws only for the faults in force.
 */
export function chooseAnswer(state: AnswerFaults, isProbe: boolean, chance: (probability: number) => boolean): Answer {
  if (isProbe && state.healthFailStatus !== 0) return { kind: 'status', status: state.healthFailStatus };
  if (isProbe && state.healthLieStatus !== 0) return { kind: 'status', status: 200 };
  if (chance(state.resetProbability)) return { kind: 'reset' };
  if (chance(state.malformedProbability)) return { kind: 'malformed' };
  if (chance(state.errorProbability)) return { kind: 'status', status: state.errorStatus };
  return { kind: 'status', status: state.healthLieStatus !== 0 ? state.healthLieStatus : 200 };
}

/** The model's rule: a probability of 1 never draws, so turning a fault on shifts no later draw. */
export function chanceFrom(next: () => number): (probability: number) => boolean {
  return (probability) => probability > 0 && (probability >= 1 || next() < probability);
}
