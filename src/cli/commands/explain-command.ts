// `lbsim explain FILE [--incident N | --at TIME | --request ID]`: runs are deterministic, so it runs
// once to find what to look at and again with a sink that keeps only the events that explanation needs.

import type { SimulationSetup } from '../../model/config.js';
import type { EventSink, GatewayErrorEvent, HealthCheckEvent, RequestEvent, SimEvent } from '../../model/run/events.js';
import { listIncidents, renderIncidentList } from '../../report/explain/explain.js';
import { ExposureCollector } from '../../report/explain/explain-exposure.js';
import { explainIncident, incidentProbeWindow, renderIncidentExplanation, type CollectedProbes } from '../../report/explain/explain-incident.js';
import { explainMoment, renderMoment } from '../../report/explain/explain-moment.js';
import {
  explainRequest,
  renderRequestExplanation,
  requestProbeInstances,
  requestProbeWindowMs,
  unfinishedRequestJson,
  unfinishedRequestText,
} from '../../report/explain/explain-request.js';
import { formatDurationMs, parseDurationMs } from '../../scenario/duration.js';
import { msToSecondsRounded as seconds } from '../../sim/time.js';
import { simulate } from '../../simulate.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { applyOverrides, loadOrExit, type Overrides } from '../load-scenario.js';

export interface ExplainOptions extends Overrides {
  incident?: string;
  at?: string;
  request?: string;
  format: 'text' | 'json';
}

export type Selector = { kind: 'list' } | { kind: 'incident'; number: number } | { kind: 'at'; atMs: number; text: string } | { kind: 'request'; id: number };

export interface Explanation {
  json: unknown;
  text: string;
}

/** A long window keeps this many probe results from its start and as many from its end. */
const PROBES_KEPT_EACH_END = 40;

export function explainCommand(file: string, options: ExplainOptions): number {
  const selector = parseSelector(options);
  const setup = applyOverrides(loadOrExit(file), options);
  // explain reruns the scenario several times synchronously; a replay reads its log as it runs.
  if (setup.traffic.replay !== undefined) throw new UsageError('explain does not take a Traffic.Replay scenario yet: use `lbsim run` with --events and --log-requests');
  const explanation = explainRun(setup, selector);
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(explanation.json, null, 2)}\n` : explanation.text);
  return ExitCode.ok;
}

/** Checks the selector flags before anything is loaded or run: a typo costs no simulation. */
export function parseSelector(options: Pick<ExplainOptions, 'incident' | 'at' | 'request'>): Selector {
  const given = (['incident', 'at', 'request'] as const).filter((name) => options[name] !== undefined);
  if (given.length > 1) {
    throw new UsageError(`give one of --incident, --at and --request, not ${given.map((name) => `--${name}`).join(' and ')}`);
  }
  if (options.incident !== undefined) return { kind: 'incident', number: positiveInteger('--incident', options.incident, 'an incident number such as 1') };
  if (options.request !== undefined) return { kind: 'request', id: positiveInteger('--request', options.request, 'a request id such as 1201') };
  if (options.at !== undefined) {
    const atMs = parseDurationMs(options.at);
    if (atMs === null) throw new UsageError(`--at: expected a time such as 2m30s, 150s or 150, got "${options.at}"`);
    return { kind: 'at', atMs, text: options.at };
  }
  return { kind: 'list' };
}

function positiveInteger(flag: string, text: string, expected: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) throw new UsageError(`${flag}: expected ${expected}, got "${text}"`);
  return value;
}

/** The explanation as JSON-ready data and as text; throws UsageError for a selector the run cannot answer. */
export function explainRun(setup: SimulationSetup, selector: Selector): Explanation {
  switch (selector.kind) {
    case 'list': {
      const result = simulate(setup);
      return { json: listIncidents(result), text: renderIncidentList(result) };
    }
    case 'incident':
      return incidentExplanation(setup, selector.number);
    case 'at':
      return momentExplanation(setup, selector.atMs, selector.text);
    case 'request':
      return requestExplanation(setup, selector.id);
  }
}

function incidentExplanation(setup: SimulationSetup, number: number): Explanation {
  const found = simulate(setup);
  const incident = found.incidents.find((candidate) => candidate.number === number);
  if (incident === undefined) {
    const count = found.incidents.length;
    const range = count === 0 ? 'this run has no incidents' : `this run has ${count} incident${count === 1 ? '' : 's'} (1 to ${count})`;
    throw new UsageError(`--incident: no incident ${number}; ${range}`);
  }
  const window = incidentProbeWindow(incident, found);
  const probes = new ProbeWindowSink(new Set(window.instanceIds), seconds(window.fromMs), seconds(window.toMs));
  // Its requests, measured: retries make "sent one timeout before the error" untrue.
  const exposure = new ExposureCollector(incident);
  const sink: EventSink = { emit: (event) => (probes.emit(event), exposure.emit(event)) };
  const result = simulate(setup, { sink, logRequests: true });
  const json = explainIncident(incident, result, probes.collected(), exposure.collected());
  return { json, text: renderIncidentExplanation(json, incident, result) };
}

function momentExplanation(setup: SimulationSetup, atMs: number, text: string): Explanation {
  if (atMs > setup.durationMs) {
    throw new UsageError(`--at: "${text}" is outside the run (from 0s to ${formatDurationMs(setup.durationMs)})`);
  }
  const sink = new LastProbeSink(seconds(atMs));
  const result = simulate(setup, { sink });
  const json = explainMoment(result, atMs, sink.lastProbes());
  return { json, text: renderMoment(json, result) };
}

function requestExplanation(setup: SimulationSetup, id: number): Explanation {
  const finder = new RequestSink(id);
  const found = simulate(setup, { sink: finder, logRequests: true });
  const request = finder.request;
  if (request === null) {
    // Requests are numbered from 1 in order of arrival; those unanswered at the end leave no event.
    const arrived = Math.max(finder.maxId, finder.finished + found.requests.inFlightAtEnd);
    if (id <= arrived) return { json: unfinishedRequestJson(id, found), text: unfinishedRequestText(id, found) };
    throw new UsageError(arrived === 0 ? '--request: no request arrived in this run' : `--request: no request ${id} arrived; ids run from 1 to ${arrived}`);
  }
  const window = requestProbeWindowMs(found, request);
  const sink = new ProbeWindowSink(new Set(requestProbeInstances(found, request)), seconds(window.fromMs), request.t);
  const result = simulate(setup, { sink });
  const json = explainRequest(result, request, finder.error, sink.collected().probes);
  return { json, text: renderRequestExplanation(json, result) };
}

/** Health checks of some instances within [fromS, toS]; past the cap, only the first and last ones. */
class ProbeWindowSink implements EventSink {
  private readonly head: HealthCheckEvent[] = [];
  private readonly tail: HealthCheckEvent[] = [];
  private omitted = 0;

  constructor(
    private readonly ids: ReadonlySet<string>,
    private readonly fromS: number,
    private readonly toS: number,
  ) {}

  emit(event: SimEvent): void {
    if (event.type !== 'health-check' || event.t < this.fromS || event.t > this.toS || !this.ids.has(event.instance)) return;
    if (this.head.length < PROBES_KEPT_EACH_END) this.head.push(event);
    else {
      this.tail.push(event);
      if (this.tail.length > PROBES_KEPT_EACH_END) {
        this.tail.shift();
        this.omitted++;
      }
    }
  }

  collected(): CollectedProbes {
    return { probes: [...this.head, ...this.tail], omitted: this.omitted };
  }
}

/** The last health-check result per node and instance at or before a moment. */
class LastProbeSink implements EventSink {
  private readonly last = new Map<string, HealthCheckEvent>();

  constructor(private readonly atS: number) {}

  emit(event: SimEvent): void {
    if (event.type === 'health-check' && event.t <= this.atS) this.last.set(`${event.node}\u0000${event.instance}`, event);
  }

  lastProbes(): HealthCheckEvent[] {
    return [...this.last.values()];
  }
}

/** One request's events, plus how many requests finished (to name the valid range when the id is unknown). */
class RequestSink implements EventSink {
  request: RequestEvent | null = null;
  error: GatewayErrorEvent | null = null;
  finished = 0;
  maxId = 0;

  constructor(private readonly id: number) {}

  emit(event: SimEvent): void {
    if (event.type === 'request') {
      this.finished++;
      if (event.request > this.maxId) this.maxId = event.request;
      if (event.request === this.id) this.request = event;
    } else if (event.type === 'gateway-error' && event.request === this.id) {
      this.error = event;
    }
  }
}
