// The HTML report's health swimlanes: per instance a row of its true state and a row per balancer
// node of its belief, drawn as positioned blocks, with fault and detection markers. Static HTML,
// so it prints as shown and needs no script.

import type { HealthState } from '../../model/config.js';
import type { InstanceSummary, RunResult } from '../../model/run/result.js';
import { formatClock, formatTick } from '../text/format.js';
import { escapeHtml } from './html-escape.js';
import { pickShown, sliceForWidth, type StateChange } from '../text/swimlane.js';

/** Beyond this many nodes the rows stop being readable; the text report shares one row then too. */
const MAX_NODE_ROWS = 4;
const AXIS_TICKS = 8;

interface Segment<S extends string> {
  startMs: number;
  endMs: number;
  state: S;
}

/** The spans a state held, from 0 to the end of the run; changes must be sorted. */
export function segmentsOf<S extends string>(changes: readonly StateChange<S>[], initial: S, durationMs: number): Segment<S>[] {
  const out: Segment<S>[] = [];
  let current: Segment<S> = { startMs: 0, endMs: durationMs, state: initial };
  for (const change of changes) {
    const at = Math.min(durationMs, Math.max(0, change.tMs));
    if (change.state === current.state) continue;
    if (at > current.startMs) out.push({ ...current, endMs: at });
    current = { startMs: at, endMs: durationMs, state: change.state };
  }
  if (current.endMs > current.startMs) out.push(current);
  return out;
}

const percent = (ms: number, durationMs: number) => `${((100 * ms) / durationMs).toFixed(3)}%`;

function blocks<S extends string>(segments: readonly Segment<S>[], prefix: string, durationMs: number): string {
  return segments
    .map((segment) => {
      const title = `${segment.state} ${formatClock(segment.startMs)}–${formatClock(segment.endMs)}`;
      const style = `left:${percent(segment.startMs, durationMs)};width:${percent(segment.endMs - segment.startMs, durationMs)}`;
      return `<span class="seg ${prefix}-${segment.state}" style="${style}" title="${escapeHtml(title)}"></span>`;
    })
    .join('');
}

const MARK_GLYPH = { fault: '▼', recover: '▲', detect: '◆' };

function marker(kind: keyof typeof MARK_GLYPH, tMs: number, durationMs: number, title: string): string {
  const glyph = MARK_GLYPH[kind];
  return `<span class="mark mark-${kind}" style="left:${percent(tMs, durationMs)}" title="${escapeHtml(title)}">${glyph}</span>`;
}

function lane(label: string, kind: 'actual' | 'belief', inner: string): string {
  return `<div class="lane lane-${kind}"><div class="lane-label">${escapeHtml(label)}</div><div class="lane-track">${inner}</div></div>`;
}

function actualRow(instance: InstanceSummary, result: RunResult): string {
  const durationMs = result.setup.durationMs;
  const changes = [...instance.actual].sort((a, b) => a.tMs - b.tMs);
  const faults = result.setup.events
    .filter((fault) => fault.instanceIds.includes(instance.id) && fault.atMs <= durationMs)
    .map((fault) => marker(fault.fault === 'recover' ? 'recover' : 'fault', fault.atMs, durationMs, `fault: ${fault.fault} at ${formatClock(fault.atMs)} (Events[${fault.index}])`));
  return lane(`${instance.id} actual`, 'actual', blocks(segmentsOf(changes, 'serving', durationMs), 's', durationMs) + faults.join(''));
}

function beliefRow(instance: InstanceSummary, result: RunResult, node: string, label: string): string {
  const durationMs = result.setup.durationMs;
  const configured = result.setup.instances.find((candidate) => candidate.id === instance.id)?.initialState ?? 'InService';
  const transitions = instance.transitions.filter((t) => t.node === node).sort((a, b) => a.tMs - b.tMs);
  const initial: HealthState = transitions[0]?.from ?? configured;
  const segments = segmentsOf(transitions.map((t) => ({ tMs: t.tMs, state: t.to })), initial, durationMs);
  const detections = transitions
    .filter((t) => t.to === 'OutOfService')
    .map((t) => marker('detect', t.tMs, durationMs, `${node}: OutOfService at ${formatClock(t.tMs)} (${t.reason})`));
  return lane(label, 'belief', blocks(segments, 'b', durationMs) + detections.join(''));
}

function axis(durationMs: number): string {
  const tickMs = sliceForWidth(durationMs, AXIS_TICKS);
  const ticks: string[] = [];
  for (let atMs = 0; atMs <= durationMs; atMs += tickMs) ticks.push(`<span class="tick" style="left:${percent(atMs, durationMs)}">${formatTick(atMs)}</span>`);
  return `<div class="lane lane-axis"><div class="lane-label"></div><div class="lane-track">${ticks.join('')}</div></div>`;
}

const LEGEND = [
  ['s-serving', 'serving / InService'],
  ['s-degraded', 'degraded'],
  ['s-hung', 'hung'],
  ['s-unreachable', 'unreachable'],
  ['s-crashed', 'crashed'],
  ['b-OutOfService', 'OutOfService'],
];

export function swimlanesHtml(result: RunResult): string {
  const durationMs = result.setup.durationMs;
  if (durationMs <= 0 || result.instances.length === 0) return '<p>Nothing to draw (no instances or zero duration).</p>';
  const nodes = result.setup.balancer.nodes.slice(0, MAX_NODE_ROWS);
  const shown = pickShown(result.instances);
  const rows = shown.map((instance) => {
    const beliefs = nodes.map((node) => beliefRow(instance, result, node, nodes.length === 1 ? `${instance.id} LB view` : `${instance.id} LB ${node}`));
    return `<div class="instance" data-instance="${escapeHtml(instance.id)}">${actualRow(instance, result)}${beliefs.join('')}</div>`;
  });
  const notes: string[] = [];
  const hiddenNodes = result.setup.balancer.nodes.length - nodes.length;
  if (hiddenNodes > 0) notes.push(`+${hiddenNodes} more balancer node${hiddenNodes === 1 ? '' : 's'} not shown`);
  const hidden = result.instances.length - shown.length;
  if (hidden > 0) notes.push(`+${hidden} more instance${hidden === 1 ? '' : 's'} not shown (those with the most errors and transitions are)`);
  const legend = LEGEND.map(([cls, text]) => `<span><i class="seg-key ${cls}"></i>${text}</span>`).join('');
  const markers = '<span><b class="mark-fault">▼</b> fault starts</span><span><b class="mark-recover">▲</b> recover</span><span><b class="mark-detect">◆</b> marked OutOfService</span>';
  return [
    `<div class="swimlanes">${axis(durationMs)}${rows.join('')}</div>`,
    `<p class="legend">${legend}${markers}</p>`,
    ...notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`),
  ].join('\n');
}
