// Conservation over one run, from the test's own counts: every arrival ends in exactly one answer
// or is still in flight at the end; every attempt ends exactly once or is still open (the ledger's
// violations, seen at the seam as they happen); the run's totals equal those counts.

import { expect } from 'vitest';
import type { RequestEvent } from '../../src/model/run/events.js';
import type { RunResult } from '../../src/model/run/result.js';
import type { JsonSummary } from '../../src/report/machine/summary-json.js';
import type { Attempt, Ledger } from './attempt-ledger.js';
import { Problems } from './problems.js';

export interface RunRecord {
  result: RunResult;
  summary: JsonSummary;
  requests: RequestEvent[];
  ledger: Ledger;
}

const count = <T>(items: readonly T[], keep: (item: T) => boolean): number => items.reduce((n, item) => n + (keep(item) ? 1 : 0), 0);

/** Attempts per request id, in the order they were opened. */
export function attemptsByRequest(attempts: readonly Attempt[]): Map<number, Attempt[]> {
  const byRequest = new Map<number, Attempt[]>();
  for (const attempt of attempts) {
    const list = byRequest.get(attempt.request);
    if (list) list.push(attempt);
    else byRequest.set(attempt.request, [attempt]);
  }
  return byRequest;
}

/** One final record per arrival or none (in flight); none for a request that never arrived. */
export function checkRequestConservation({ result, summary, requests, ledger }: RunRecord): void {
  expect(ledger.violations).toEqual([]);
  const arrived = new Map(ledger.arrivals.map((arrival) => [arrival.request, arrival]));
  expect(arrived.size).toBe(ledger.arrivals.length);
  const answered = new Set<number>();
  const problems = new Problems();
  for (const request of requests) {
    problems.check(!answered.has(request.request), () => `request ${request.request} answered twice`);
    answered.add(request.request);
    problems.check(arrived.has(request.request), () => `request ${request.request} answered but never arrived`);
  }
  problems.assertNone('one answer per arrival');
  const counted = ledger.arrivals.filter((arrival) => arrival.counted);
  const unanswered = count(counted, (arrival) => !answered.has(arrival.request));
  expect(result.requests.total).toBe(counted.length);
  expect(summary.requests.total).toBe(counted.length);
  expect(result.requests.inFlightAtEnd).toBe(unanswered);
  expect(summary.requests.inFlightAtEnd).toBe(unanswered);
}

/** Every attempt has at most one end, and the run's attempt and per-instance totals are the ledger's. */
export function checkAttemptConservation({ result, summary, requests, ledger }: RunRecord): void {
  // "Each attempt ends once, or is still open" is the ledger's watch at the seam, not a sum here: an
  // end while the request has no attempt open (a second end before its answer) or a request opening a
  // second attempt with one open is a violation as it happens.
  expect(ledger.violations).toEqual([]);
  const counted = ledger.attempts.filter((attempt) => attempt.counted);
  expect(result.requests.attempts).toBe(counted.length);
  expect(summary.requests.attempts).toBe(counted.length);

  const finals = requests.filter((request) => request.counted);
  for (const instance of result.instances) {
    const json = summary.instances.find((entry) => entry.id === instance.id)!;
    const attempts = count(counted, (attempt) => attempt.instance === instance.id);
    // Answers that reached a client: a final record naming the instance with its status passed through.
    const responses = count(finals, (request) => request.instance === instance.id && request.backendStatus !== null);
    const backend5xx = count(finals, (request) => request.instance === instance.id && request.backendStatus !== null && request.status >= 500);
    const gatewayErrors = count(finals, (request) => request.instance === instance.id && request.reason !== null);
    expect({ id: instance.id, requests: instance.requests, responses: instance.responses, backend5xx: instance.backend5xx, gatewayErrors: instance.gatewayErrors })
      .toEqual({ id: instance.id, requests: attempts, responses, backend5xx, gatewayErrors });
    expect([json.requests, json.responses, json.gatewayErrors]).toEqual([attempts, responses, gatewayErrors]);
  }
}

/** Status counts, gateway errors by reason and backend 5xx in the totals are the final records' own. */
export function checkTotals({ result, summary, requests }: RunRecord): void {
  const finals = requests.filter((request) => request.counted);
  const statusCounts: Record<string, number> = {};
  for (const request of finals) statusCounts[String(request.status)] = (statusCounts[String(request.status)] ?? 0) + 1;
  expect(result.statusCounts).toEqual(statusCounts);
  expect(summary.statusCounts).toEqual(statusCounts);

  const byReason: Record<string, { status: number; count: number }> = {};
  for (const request of finals) {
    if (request.reason === null) continue;
    const entry = (byReason[request.reason] ??= { status: request.status, count: 0 });
    entry.count++;
  }
  expect(result.gatewayErrors.byReason).toEqual(byReason);
  expect(result.gatewayErrors.total).toBe(count(finals, (request) => request.reason !== null));
  expect(summary.gatewayErrors.total).toBe(count(finals, (request) => request.reason !== null));
  for (const [reason, entry] of Object.entries(byReason)) {
    expect(summary.gatewayErrors.byReason[reason as keyof typeof summary.gatewayErrors.byReason]).toMatchObject(entry);
  }
  expect(result.backend5xx).toBe(count(finals, (request) => request.backendStatus !== null && request.status >= 500));
  expect(result.latency.count).toBe(finals.length);
  expect(summary.latency.max).toBe(finals.reduce((max, request) => Math.max(max, request.latency), 0));
}
