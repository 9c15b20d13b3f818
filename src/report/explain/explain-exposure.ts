// The requests an incident exposed, read from the event log: when they arrived, how many attempts
// each made, which balancer nodes answered them. Retries make "sent one timeout before the error"
// false, so `explain --incident` measures instead of inferring when it can.

import type { SimEvent } from '../../model/run/events.js';
import type { Incident, RunResult } from '../../model/run/result.js';
import { msToSecondsRounded as seconds } from '../../sim/time.js';
import { clockAt, explainParagraph, labelText } from './explain.js';
import { formatDuration, plural } from '../text/format.js';
import { otherProfilesText } from '../text/incident-text.js';
import { responseTimeoutText } from '../text/routed-text.js';

/** Measured over the incident's own requests (seconds); null fields when no request was seen. */
export interface IncidentExposure {
  requests: number;
  firstArrival: number | null;
  lastArrival: number | null;
  minAttempts: number | null;
  maxAttempts: number | null;
  maxLatency: number | null;
  /** The balancer nodes that answered its errors. */
  nodes: string[];
}

/**
 * An event sink's filter: keeps the incident's gateway errors (reason, time window, instances,
 * node) and folds the `request` line that follows each one. Memory stays constant.
 */
export class ExposureCollector {
  private pending: number | null = null;
  private readonly nodes = new Set<string>();
  private readonly exposure: IncidentExposure = { requests: 0, firstArrival: null, lastArrival: null, minAttempts: null, maxAttempts: null, maxLatency: null, nodes: [] };

  constructor(private readonly incident: Incident) {}

  emit(event: SimEvent): void {
    const { incident } = this;
    if (event.type === 'gateway-error') {
      const inWindow = event.t * 1000 >= incident.startMs - 0.001 && event.t * 1000 <= incident.endMs + 0.001;
      const instance = event.instance === null || incident.instanceIds.includes(event.instance);
      const node = incident.node === null || event.node === undefined || event.node === incident.node;
      this.pending = event.reason === incident.reason && inWindow && instance && node ? event.request : null;
      if (this.pending !== null && event.node !== undefined) this.nodes.add(event.node);
    } else if (event.type === 'request' && event.request === this.pending) {
      this.pending = null;
      if (!event.counted) return;
      const e = this.exposure;
      e.requests++;
      e.firstArrival = e.firstArrival === null ? event.arrival : Math.min(e.firstArrival, event.arrival);
      e.lastArrival = e.lastArrival === null ? event.arrival : Math.max(e.lastArrival, event.arrival);
      e.minAttempts = e.minAttempts === null ? event.attempts : Math.min(e.minAttempts, event.attempts);
      e.maxAttempts = e.maxAttempts === null ? event.attempts : Math.max(e.maxAttempts, event.attempts);
      e.maxLatency = e.maxLatency === null ? event.latency : Math.max(e.maxLatency, event.latency);
    }
  }

  collected(): IncidentExposure {
    return { ...this.exposure, nodes: [...this.nodes].sort() };
  }
}

export interface ExposedJson {
  count: number;
  firstError: number;
  lastError: number;
  status: number;
  reason: Incident['reason'];
  label: string;
  otherProfiles: Partial<Record<string, number | null>>;
}

/** `at 3m00s` or `from 2m00s to 2m42s` */
function span(fromS: number, toS: number, one: boolean): string {
  return one || fromS === toS ? `at ${clockAt(fromS)}` : `between ${clockAt(fromS)} and ${clockAt(toS)}`;
}

/** What each request waited before its error, when that is a timeout: the response or the connect timeout. */
function waitedFor(exposed: ExposedJson, result: RunResult): { text: string; ms: number } | null {
  if (exposed.reason === 'ResponseTimeout') return { text: responseTimeoutText(result), ms: result.setup.balancer.idleTimeoutMs };
  if (exposed.reason === 'ConnectTimeout') return { text: `${formatDuration(result.setup.balancer.connectTimeoutMs)} connect timeout`, ms: result.setup.balancer.connectTimeoutMs };
  return null;
}

/**
 * When the exposed requests were sent: measured from the log when given (with their attempts when
 * retries made several), else one timeout before each error. Nothing for errors answered at once.
 */
function sentSentence(exposed: ExposedJson, result: RunResult, exposure: IncidentExposure | null): string | null {
  const waited = waitedFor(exposed, result);
  const one = exposed.count === 1;
  const [It, Each, was] = one ? ['It', 'It', 'it was'] : ['They', 'Each', 'they were'];
  if (exposure !== null && exposure.requests > 0 && exposure.firstArrival !== null && exposure.lastArrival !== null) {
    const when = span(exposure.firstArrival, exposure.lastArrival, one);
    if ((exposure.maxAttempts ?? 1) <= 1) return waited === null ? null : `${Each} waited the ${waited.text}, so ${was} sent ${when}.`;
    const range = exposure.minAttempts === exposure.maxAttempts ? `${exposure.maxAttempts}` : `${exposure.minAttempts} to ${exposure.maxAttempts}`;
    return `${It} arrived ${when}. ${Each} made ${range} attempts, resent after each failure, so a client waited up to ${formatDuration((exposure.maxLatency ?? 0) * 1000)}.`;
  }
  if (waited === null) return null;
  // Without the log: each waited out the timeout once, so it was sent one timeout before its error.
  const timeoutS = seconds(waited.ms);
  return `${Each} waited the ${waited.text}, so ${was} sent ${span(exposed.firstError - timeoutS, exposed.lastError - timeoutS, one)}.`;
}

export function exposedLines(exposed: ExposedJson, result: RunResult, exposure: IncidentExposure | null): string[] {
  const one = exposed.count === 1 || exposed.firstError === exposed.lastError;
  const window = one ? `at ${clockAt(exposed.firstError)}` : `from ${clockAt(exposed.firstError)} to ${clockAt(exposed.lastError)}`;
  const sentences = [`${plural(exposed.count, 'request')} got ${exposed.status} ${exposed.reason}${labelText(exposed.reason, result.setup.balancer.profile, exposed.label)} ${window}.`];
  const sent = sentSentence(exposed, result, exposure);
  if (sent !== null) sentences.push(sent);
  sentences.push(`Other balancers: ${otherProfilesText(exposed.reason, result.setup.balancer.profile)}.`);
  return ['Requests exposed', ...explainParagraph(sentences.join(' '))];
}
