// The words for a KeepAliveRace incident: no fault is behind it, only the instances'
// KeepAliveTimeout set below the balancer's idle timeout, so it names both and the fix.

import type { Incident, RunResult } from '../../model/run/result.js';
import { formatDuration, joinWords } from './format.js';

/** How far above the idle timeout we suggest, as the usual advice does (65 s for a 60 s timeout). */
const SUGGESTED_MARGIN_MS = 5_000;

/** The distinct KeepAliveTimeouts below the idle timeout among the incident's instances, shortest first. */
function shortKeepAlivesMs(incident: Incident, result: RunResult): number[] {
  const { instances, balancer } = result.setup;
  const timeouts = instances
    .filter((instance) => incident.instanceIds.includes(instance.id))
    .map((instance) => instance.keepAliveTimeoutMs)
    .filter((keepAliveMs) => keepAliveMs < balancer.idleTimeoutMs);
  return [...new Set(timeouts)].sort((a, b) => a - b);
}

/** The cause: who closed the connections, why the balancer did not know yet, and both timeouts. */
export function keepAliveRaceSentences(incident: Incident, result: RunResult): string[] {
  const { balancer } = result.setup;
  const idleTimeout = formatDuration(balancer.idleTimeoutMs);
  const shortMs = shortKeepAlivesMs(incident, result);
  const keepAlive = joinWords(shortMs.map((ms) => formatDuration(ms)));
  const after = shortMs.length === 0 ? '' : ` after ${keepAlive} idle`;
  const sentences = [
    `No fault was active: ${joinWords(incident.instanceIds)} closed keep-alive connections${after}, while the balancer keeps them for its ${idleTimeout} idle timeout; requests sent on them in the ${formatDuration(balancer.oneWayDelayMs)} before the close reached the balancer (OneWayDelay) failed.`,
  ];
  if (shortMs.length > 0) sentences.push(`Instance KeepAliveTimeout ${keepAlive} < idle timeout ${idleTimeout}: set it above.`);
  return sentences;
}

/** The fix line, in the style of the "Shorter:" hints: a KeepAliveTimeout above the idle timeout. */
export function keepAliveFixHint(result: RunResult): string {
  const idleTimeoutMs = result.setup.balancer.idleTimeoutMs;
  const suggested = formatDuration(idleTimeoutMs + SUGGESTED_MARGIN_MS);
  return `Fix: KeepAliveTimeout ${suggested}, above the ${formatDuration(idleTimeoutMs)} idle timeout (in Node, server.keepAliveTimeout, with headersTimeout above it): the balancer then closes idle connections first, and no request is sent on one the instance has closed.`;
}
