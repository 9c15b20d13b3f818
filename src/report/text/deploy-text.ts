// The report's deploy section: per `deploy` event its settings, a row per batch with the time of
// each step, and how it ended (done, stalled on a batch that never passed its checks, or cut short).

import type { FaultEventConfig, SimulationSetup } from '../../model/config.js';
import type { DeployBatch, DeployProgress, RunResult } from '../../model/run/result.js';
import { formatClock, formatDuration, formatTable, joinWords, plural, wrapText } from './format.js';

/** As wide as the rest of the report's prose. */
const TEXT_WIDTH_COLUMNS = 88;
const INDENT = '  ';

/** Empty when the run has no deploy that started. */
export function deployLines(result: RunResult): string[] {
  const lines: string[] = [];
  for (const deploy of result.deploys) {
    const event = result.setup.events.find((candidate) => candidate.index === deploy.index);
    if (event === undefined) continue;
    if (lines.length > 0) lines.push('');
    lines.push(...wrapText(`Deploy (Events[${event.index}]): ${settingsText(event, deploy, result.setup)}`, TEXT_WIDTH_COLUMNS));
    lines.push(...batchTable(deploy).map((line) => `${INDENT}${line}`));
    lines.push(...wrapText(outcomeText(deploy, event, result), TEXT_WIDTH_COLUMNS - INDENT.length).map((line) => `${INDENT}${line}`));
  }
  return lines;
}

/** `4 instances in 4 batches of 1 from 2m00s; each deregistered, drained 20s, down 20s, registered again.` */
function settingsText(event: FaultEventConfig, deploy: DeployProgress, setup: SimulationSetup): string {
  const { batchSize, restartMs, deregister } = event.params;
  const { drainingEnabled, drainingTimeoutMs } = setup.balancer;
  const count = plural(event.instanceIds.length, 'instance');
  const steps = deregister
    ? [drainingEnabled ? `deregistered, drained ${formatDuration(drainingTimeoutMs)}` : 'deregistered (draining off)', `down ${formatDuration(restartMs)}`, 'registered again']
    : [`restarted in place (down ${formatDuration(restartMs)})`];
  return `${count} in ${plural(deploy.batchCount, 'batch', 'batches')} of ${batchSize} from ${formatClock(event.atMs)}; each ${steps.join(', ')}.`;
}

function batchTable(deploy: DeployProgress): string[] {
  const when = (ms: number | null) => (ms === null ? '-' : formatClock(ms));
  const header = ['batch', 'instances', 'started', 'stopped', 'restarted', 'InService'];
  const rows = deploy.batches.map((batch) => [
    String(batch.number),
    joinWords(batch.instanceIds),
    formatClock(batch.startMs),
    when(batch.stoppedMs),
    when(batch.restartedMs),
    when(batch.doneMs),
  ]);
  return formatTable([header, ...rows], ['r', 'l', 'r', 'r', 'r', 'r']);
}

/** A deploy waits for each batch to be InService again, so one that never is stops the rest for good. */
function outcomeText(deploy: DeployProgress, event: FaultEventConfig, result: RunResult): string {
  if (deploy.endMs !== null) return `Done at ${formatClock(deploy.endMs)}, ${formatDuration(deploy.endMs - event.atMs)} after it started.`;
  const batch = deploy.batches[deploy.batches.length - 1];
  if (batch === undefined) return 'It had no instance to replace.';
  const position = `batch ${batch.number} of ${deploy.batchCount}`;
  if (batch.restartedMs === null) return `The run ended during ${position}, ${stepOf(batch)}.`;
  const { healthyThreshold } = result.setup.healthCheck;
  const ids = joinWords(batch.instanceIds);
  const were = batch.instanceIds.length === 1 ? 'was' : 'were';
  return (
    `Stalled at ${position}: ${ids} restarted at ${formatClock(batch.restartedMs)} but ${were} not InService again by the end of the run ` +
    `(HealthyThreshold=${healthyThreshold} passing checks in a row). A deploy waits for each batch to pass its health checks, ` +
    `so ${deploy.batchCount - batch.number === 0 ? 'it never finished' : `the ${plural(deploy.batchCount - batch.number, 'batch', 'batches')} after it never started`}.`
  );
}

function stepOf(batch: DeployBatch): string {
  return batch.stoppedMs === null ? 'while its instances drained' : 'while its instances were down';
}
