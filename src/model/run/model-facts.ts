// What reports may know of the model beyond a run's result: the profiles' data, the routing rules and
// the retry plan their prose reads, native state names, the algorithm label. report/ reads the model only
// through model/run/, outcome.ts and config.ts (test/architecture.test.ts), so this is its whole surface.

export { algorithmLabel } from '../algorithms/label.js';
export { boundToServer, inReach, mayResend, retryCourse, retryPlan, routeToAll, type RetryPlan, type RetryPool } from '../balancer/retry-policy.js';
export { NATIVE_STATE_NAMES } from '../health/health-rules.js';
export { PASSIVE_REASON } from '../health/passive-tracker.js';
export { PROFILES, type ProfileBehaviour, type ProfileDefinition } from '../profiles.js';
