// What reports may know of the model beyond a run's result: the profiles' data, the routing and retry
// rules their prose restates, native state names, the algorithm label. report/ reads the model only
// through model/run/, outcome.ts and config.ts (test/architecture.test.ts), so this is its whole surface.

export { algorithmLabel } from '../algorithms/label.js';
export { inReach, mayResend, routeToAll } from '../balancer/retry-policy.js';
export { NATIVE_STATE_NAMES } from '../health/health-rules.js';
export { PASSIVE_REASON } from '../health/passive-tracker.js';
export { PROFILES, type ProfileBehaviour, type ProfileDefinition } from '../profiles.js';
