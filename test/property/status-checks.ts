// Every status in a run's event log against the reference table typed in reference-answers.ts: the
// client's status per (reason, profile), the native label, what the other profiles would answer,
// and reasons a profile cannot produce at all (ALB fails open, Envoy panics, no surge queue).

import { isDeepStrictEqual } from 'node:util';
import { REASONS, type ProfileName, type Reason } from '../../src/model/outcome.js';
import type { GatewayErrorEvent, RequestEvent } from '../../src/model/run/events.js';
import { Problems } from './problems.js';
import { REFERENCE_ANSWERS, referenceStatus } from './reference-answers.js';

const PROFILES_IN_REFERENCE: readonly ProfileName[] = ['aws-clb', 'aws-alb', 'nginx', 'haproxy', 'envoy'];

export function checkStatuses(errors: readonly GatewayErrorEvent[], requests: readonly RequestEvent[], profile: ProfileName, forced: boolean): void {
  const problems = new Problems();
  const finals = new Map(requests.map((request) => [request.request, request]));
  const othersFor = (reason: Reason) => Object.fromEntries(PROFILES_IN_REFERENCE.filter((other) => other !== profile).map((other) => [other, REFERENCE_ANSWERS[reason][other].status]));
  for (const error of errors) {
    const where = () => `${profile} ${error.reason} (request ${error.request})`;
    const expected = referenceStatus(error.reason, profile, forced);
    problems.check(expected !== null, () => `${where()}: the reference says this cannot happen`);
    problems.check(error.status === expected, () => `${where()}: status ${error.status}, the reference says ${expected}`);
    const native = REFERENCE_ANSWERS[error.reason][profile].native;
    problems.check(native === undefined || error.label.includes(native), () => `${where()}: label "${error.label}" lacks "${native}"`);
    // What each other profile would have answered, in its default configuration.
    problems.check(isDeepStrictEqual(error.otherProfiles, othersFor(error.reason)), () => `${where()}: others ${JSON.stringify(error.otherProfiles)}`);
    const final = finals.get(error.request);
    problems.check(final?.status === error.status && final.reason === error.reason && final.backendStatus === null, () => `${where()}: final record ${JSON.stringify(final)}`);
  }
  const errorIds = new Set(errors.map((error) => error.request));
  problems.check(errorIds.size === errors.length, () => 'two gateway errors for one request');
  for (const request of requests) {
    problems.check(errorIds.has(request.request) === (request.reason !== null), () => `request ${request.request}: reason ${request.reason} without its gateway-error event, or the reverse`);
    problems.check(request.reason !== null || request.status === request.backendStatus, () => `request ${request.request}: status ${request.status} is not the instance's ${request.backendStatus}`);
  }
  problems.assertNone(`${profile} statuses`);
}

/** Every reason has a row, and every row names all five profiles: a gap would pass silently. */
export function referenceIsComplete(): boolean {
  return REASONS.every((reason) => PROFILES_IN_REFERENCE.every((profile) => REFERENCE_ANSWERS[reason]?.[profile] !== undefined));
}
