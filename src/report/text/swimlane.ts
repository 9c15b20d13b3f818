// Health swimlanes: per instance, its true state and the balancer's belief over time (one row per
// node when there are a few), one text column per time slice. The gap is where errors come from.

import type { HealthState } from '../../model/config.js';
import type { ActualState, InstanceSummary, RunResult } from '../../model/run/result.js';
import { formatTick } from './format.js';

export const ACTUAL_GLYPH: Record<ActualState, string> = { serving: '█', degraded: '▓', hung: '▒', unreachable: '╳', crashed: '·' };
export const BELIEF_GLYPH: Record<HealthState, string> = { InService: '█', OutOfService: '░' };

/** Which state wins a column: the worst one, so a fault shorter than a column still shows. */
const ACTUAL_SEVERITY: Record<ActualState, number> = { serving: 0, degraded: 1, hung: 2, unreachable: 3, crashed: 4 };
const BELIEF_SEVERITY: Record<HealthState, number> = { InService: 0, OutOfService: 1 };

/** Readers scan a dozen pairs of rows; beyond that the lanes stop being a picture. */
const MAX_INSTANCES_SHOWN = 12;
/** Up to this many balancer nodes get a belief row each; more share one row (the worst belief). */
const MAX_NODE_ROWS = 3;
/** Slice and tick sizes people read without arithmetic. */
const NICE_SLICES_MS = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map((s) => s * 1000);
const NICE_TICKS_MS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400, 604800].map((s) => s * 1000);
/** Room for a tick label like `1h30m` plus a gap. */
const MIN_TICK_SPACING_COLUMNS = 8;

const LEGEND: Array<{ glyph: string; text: string; used: (lanes: string[]) => boolean }> = [
  { glyph: '█', text: 'serving/InService', used: () => true },
  { glyph: ACTUAL_GLYPH.degraded, text: 'degraded (a fault slows or alters its answers)', used: (lanes) => lanes.some((l) => l.includes(ACTUAL_GLYPH.degraded)) },
  { glyph: ACTUAL_GLYPH.hung, text: 'hung', used: (lanes) => lanes.some((l) => l.includes(ACTUAL_GLYPH.hung)) },
  { glyph: ACTUAL_GLYPH.unreachable, text: 'unreachable', used: (lanes) => lanes.some((l) => l.includes(ACTUAL_GLYPH.unreachable)) },
  { glyph: ACTUAL_GLYPH.crashed, text: 'crashed', used: (lanes) => lanes.some((l) => l.includes(ACTUAL_GLYPH.crashed)) },
  { glyph: BELIEF_GLYPH.OutOfService, text: 'OutOfService', used: (lanes) => lanes.some((l) => l.includes(BELIEF_GLYPH.OutOfService)) },
];

export interface StateChange<S extends string> {
  tMs: number;
  state: S;
}

/**
 * The most severe state held for a positive time within each column `[c·slice, (c+1)·slice)`,
 * clipped to the run. `initial` holds from 0 until the first change; changes must be sorted.
 */
export function worstPerColumn<S extends string>(
  changes: readonly StateChange<S>[],
  initial: S,
  durationMs: number,
  sliceMs: number,
  severity: Record<S, number>,
): S[] {
  const columns = Math.max(0, Math.ceil(durationMs / sliceMs));
  const worst: Array<S | undefined> = Array.from({ length: columns }, () => undefined);
  const timeline: StateChange<S>[] = [{ tMs: 0, state: initial }, ...changes.map((c) => ({ tMs: Math.max(0, c.tMs), state: c.state }))];
  for (let i = 0; i < timeline.length; i += 1) {
    const span = timeline[i];
    if (span === undefined) continue;
    const endMs = Math.min(durationMs, timeline[i + 1]?.tMs ?? durationMs);
    if (endMs <= span.tMs) continue;
    const first = Math.floor(span.tMs / sliceMs);
    const last = Math.min(columns - 1, Math.ceil(endMs / sliceMs) - 1);
    for (let column = first; column <= last; column += 1) {
      const current = worst[column];
      if (current === undefined || severity[span.state] > severity[current]) worst[column] = span.state;
    }
  }
  return worst.map((state) => state ?? initial);
}

/** The smallest readable slice that fits the run into `widthColumns` columns. */
export function sliceForWidth(durationMs: number, widthColumns: number): number {
  const wanted = durationMs / Math.max(1, widthColumns);
  return NICE_SLICES_MS.find((slice) => slice >= wanted) ?? Math.ceil(wanted / 1000) * 1000;
}

export function renderSwimlanes(result: RunResult, widthColumns = 60): string[] {
  const durationMs = result.setup.durationMs;
  if (durationMs <= 0 || result.instances.length === 0) return ['Health: nothing to draw (no instances or zero duration)'];
  const sliceMs = sliceForWidth(durationMs, widthColumns);
  const shown = pickShown(result.instances);
  const nodes = result.setup.balancer.nodes;
  // One node: the familiar `LB view`. A few: one row each, so nodes that disagree show it.
  const views: Array<{ label: string; node: string | null }> =
    nodes.length === 1 ? [{ label: 'LB view', node: null }] : nodes.length <= MAX_NODE_ROWS ? nodes.map((node) => ({ label: `LB ${node}`, node })) : [{ label: 'LB worst', node: null }];
  const labelWidth = Math.max(...shown.flatMap((instance) => views.map((view) => `${instance.id} ${view.label}`.length))) + 2;
  const rows: string[] = [];
  const lanes: string[] = [];
  for (const instance of shown) {
    const actual = actualLane(instance, durationMs, sliceMs);
    lanes.push(actual);
    rows.push(`${`${instance.id} actual`.padEnd(labelWidth)}${actual}`);
    for (const view of views) {
      const belief = beliefLane(instance, result, durationMs, sliceMs, view.node);
      lanes.push(belief);
      rows.push(`${`${instance.id} ${view.label}`.padEnd(labelWidth)}${belief}`);
    }
  }
  const legend = LEGEND.filter((entry) => entry.used(lanes))
    .map((entry) => `${entry.glyph} ${entry.text}`)
    .join('  ');
  const lines = [`Health, one column per ${formatTick(sliceMs)}`, axisLine(durationMs, sliceMs, labelWidth), ...rows, `${' '.repeat(labelWidth)}${legend}`];
  const hidden = result.instances.length - shown.length;
  if (hidden > 0) lines.push(`+${hidden} more instance${hidden === 1 ? '' : 's'} not shown`);
  return lines;
}

function actualLane(instance: InstanceSummary, durationMs: number, sliceMs: number): string {
  const changes = [...instance.actual].sort((a, b) => a.tMs - b.tMs).map((change) => ({ tMs: change.tMs, state: change.state }));
  return worstPerColumn(changes, 'serving', durationMs, sliceMs, ACTUAL_SEVERITY)
    .map((state) => ACTUAL_GLYPH[state])
    .join('');
}

/** One node's belief, or with `node` null the worst belief any node held. */
function beliefLane(instance: InstanceSummary, result: RunResult, durationMs: number, sliceMs: number, node: string | null): string {
  const configured = result.setup.instances.find((candidate) => candidate.id === instance.id)?.initialState;
  const nodes = node !== null ? [node] : [...new Set(instance.transitions.map((transition) => transition.node))].sort();
  const perNode = nodes.map((name) => {
    const changes = instance.transitions.filter((t) => t.node === name).sort((a, b) => a.tMs - b.tMs);
    const initial = changes[0]?.from ?? configured ?? 'InService';
    return worstPerColumn(changes.map((t) => ({ tMs: t.tMs, state: t.to })), initial, durationMs, sliceMs, BELIEF_SEVERITY);
  });
  if (perNode.length === 0) perNode.push(worstPerColumn([], configured ?? 'InService', durationMs, sliceMs, BELIEF_SEVERITY));
  const columns = perNode[0]?.length ?? 0;
  const glyphs: string[] = [];
  for (let column = 0; column < columns; column += 1) {
    const out = perNode.some((lane) => lane[column] === 'OutOfService');
    glyphs.push(BELIEF_GLYPH[out ? 'OutOfService' : 'InService']);
  }
  return glyphs.join('');
}

/** The instances most involved in errors and flapping, shown in their original order. */
export function pickShown(instances: readonly InstanceSummary[]): InstanceSummary[] {
  if (instances.length <= MAX_INSTANCES_SHOWN) return [...instances];
  const ranked = instances
    .map((instance, index) => ({ instance, index }))
    .sort(
      (a, b) =>
        b.instance.gatewayErrors - a.instance.gatewayErrors ||
        b.instance.transitions.length - a.instance.transitions.length ||
        a.index - b.index,
    )
    .slice(0, MAX_INSTANCES_SHOWN);
  return ranked.sort((a, b) => a.index - b.index).map((entry) => entry.instance);
}

/** Tick labels placed at their column; a label that would touch the previous one is dropped. */
function axisLine(durationMs: number, sliceMs: number, labelWidth: number): string {
  const tickMs = NICE_TICKS_MS.find((tick) => tick / sliceMs >= MIN_TICK_SPACING_COLUMNS && tick % sliceMs === 0) ?? sliceMs * MIN_TICK_SPACING_COLUMNS;
  const cells: string[] = [];
  let nextFree = 0;
  for (let atMs = 0; atMs < durationMs; atMs += tickMs) {
    const column = Math.round(atMs / sliceMs);
    const label = formatTick(atMs);
    if (column < nextFree) continue;
    while (cells.length < column) cells.push(' ');
    cells.push(...label);
    nextFree = column + label.length + 1;
  }
  return `${' '.repeat(labelWidth)}${cells.join('')}`.replace(/\s+$/, '');
}
