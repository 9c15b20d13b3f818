// `lbsim fit`: reads a log once, streaming, and describes it as a scenario fragment: the arrival
// rate (a per-minute Pattern where it varies), the request mix, and the service-time distribution
// fitted by maximum likelihood with its KS distance, per path where paths differ.

import type { ReplayFormat, RequestKind } from '../../model/config.js';
import { RngStreams } from '../../sim/rng.js';
import { ReplayFeed } from '../replay-feed.js';
import type { ReplayStats } from '../replay-stats.js';
import { MinuteCounts, type RateFit } from './rate-fit.js';
import { ServiceTimes, type FittedDistribution, type ServiceFit } from './service-fit.js';

const MAX_REQUEST_KINDS = 20;
const MAX_PATH_GROUPS = 50;
const GROUP_SAMPLE_SIZE = 2_000;
/** A path is its own group with this many timed requests, a mean this many standard errors from the rest, and this far apart. */
const GROUP_MIN_COUNT = 100;
const GROUP_Z = 4;
const GROUP_RELATIVE_DIFFERENCE = 0.1;

export interface FitRequest {
  files: string[];
  format: ReplayFormat;
  logFormat: string | null;
}

export interface PathGroupFit {
  path: string;
  fit: ServiceFit;
}

export interface LogFit {
  rate: RateFit;
  kinds: Array<{ kind: RequestKind; count: number }>;
  service: ServiceFit;
  groups: PathGroupFit[];
  stats: ReplayStats;
}

export async function fitLog(request: FitRequest): Promise<LogFit> {
  const replay = { ...request, scenarioFile: '<inline>', from: null, to: null, speed: 1, reorderWindowMs: 10_000 };
  const feed = new ReplayFeed(replay, Infinity);
  const uniform = new RngStreams(0).stream('fit');
  const minutes = new MinuteCounts();
  const service = new ServiceTimes(uniform);
  const kinds = new Map<RequestKind, number>();
  const groups = new Map<string, ServiceTimes>();
  for (let batch = await feed.next(); batch !== null; batch = await feed.next()) {
    for (const arrival of batch) {
      minutes.add(arrival.atMs);
      kinds.set(arrival.kind, (kinds.get(arrival.kind) ?? 0) + 1);
      if (arrival.serviceMs < 0) continue;
      service.add(arrival.serviceMs);
      let group = groups.get(arrival.kind.path);
      if (group === undefined && groups.size < MAX_PATH_GROUPS) groups.set(arrival.kind.path, (group = new ServiceTimes(uniform, GROUP_SAMPLE_SIZE)));
      group?.add(arrival.serviceMs);
    }
  }
  const ranked = [...kinds].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
  return { rate: minutes.fit(), kinds: ranked.slice(0, MAX_REQUEST_KINDS), service: service.fit(), groups: differingGroups(groups, service), stats: feed.stats };
}

/** Paths whose mean time stands apart from the rest of the log (a z-score and a relative difference). */
function differingGroups(groups: Map<string, ServiceTimes>, all: ServiceTimes): PathGroupFit[] {
  if (groups.size < 2) return [];
  const allSum = all.meanMs * all.count;
  return [...groups]
    .filter(([, group]) => {
      const restCount = all.count - group.count;
      if (group.count < GROUP_MIN_COUNT || restCount < GROUP_MIN_COUNT) return false;
      const restMean = (allSum - group.meanMs * group.count) / restCount;
      const standardError = Math.sqrt(group.varianceMs2 / group.count + all.varianceMs2 / restCount);
      const difference = Math.abs(group.meanMs - restMean);
      return difference > GROUP_Z * standardError && difference > GROUP_RELATIVE_DIFFERENCE * Math.max(group.meanMs, restMean);
    })
    .map(([path, group]) => ({ path, fit: group.fit() }));
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const ms = (value: number) => `${round(value)}ms`;

/** The scenario keys of a fitted distribution. */
export function serviceTimeEntry(fit: FittedDistribution): Record<string, unknown> {
  switch (fit.distribution) {
    case 'exponential':
      return { Distribution: 'exponential', Mean: ms(fit.meanMs) };
    case 'constant':
      return { Distribution: 'constant', Value: ms(fit.meanMs) };
    case 'uniform':
      return { Distribution: 'uniform', Min: ms(fit.minMs), Max: ms(fit.maxMs) };
    case 'lognormal':
      return { Distribution: 'lognormal', Mean: ms(fit.meanMs), Sigma: round(fit.sigma, 4) };
  }
}

/** `{Traffic, ServiceTime}` to merge into a scenario, and `PathGroups` (not a scenario key) where paths differ. */
export function fitFragment(fit: LogFit): Record<string, unknown> {
  const { rate } = fit;
  const traffic: Record<string, unknown> = { Rate: round(rate.varies ? rate.perMinute[0]! : rate.rate), Arrival: 'poisson' };
  if (rate.varies) traffic['Pattern'] = rate.perMinute.slice(1).map((perSecond, i) => ({ At: `${i + 1}m`, Rate: round(perSecond) }));
  traffic['Requests'] = fit.kinds.map(({ kind, count }) => ({ Method: kind.method, Path: kind.path, Weight: count }));
  const best = fit.service.candidates[0];
  const fragment: Record<string, unknown> = { Traffic: traffic };
  if (best !== undefined) fragment['ServiceTime'] = serviceTimeEntry(best.fit);
  if (fit.groups.length > 0) {
    fragment['PathGroups'] = fit.groups.map(({ path, fit: groupFit }) => ({
      Path: path,
      Requests: groupFit.count,
      ServiceTime: serviceTimeEntry(groupFit.candidates[0]!.fit),
      KS: round(groupFit.candidates[0]!.ks, 4),
    }));
  }
  return fragment;
}

/** What stderr says: the rate and its test, each candidate with its KS distance, the groups. */
export function fitSummaryLines(fit: LogFit): string[] {
  const { rate, service } = fit;
  const z = rate.dispersionZ === null ? 'too short to test' : `dispersion z = ${rate.dispersionZ.toFixed(2)}`;
  const lines = [
    `${rate.requests} requests over ${(rate.spanMs / 1000).toFixed(1)}s: ${rate.rate.toFixed(3)} req/s; ` +
      (rate.varies ? `the rate varies from minute to minute (${z} > 2.33): a per-minute Pattern` : `a constant Poisson rate fits (${z}, 1% test)`),
    `service time from ${service.count} timed requests (${fit.stats.noServiceTime} answered by the balancer, no time), mean ${service.meanMs.toFixed(3)}ms; by KS distance:`,
    ...service.candidates.map(({ fit: candidate, ks }, i) => `  ${i === 0 ? '*' : ' '} ${JSON.stringify(serviceTimeEntry(candidate))}  KS ${ks.toFixed(4)}`),
  ];
  for (const group of fit.groups) lines.push(`path ${group.path} differs: ${group.fit.count} requests, mean ${group.fit.meanMs.toFixed(3)}ms (see PathGroups)`);
  return lines;
}
