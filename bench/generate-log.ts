// Writes the Classic ELB access log of a simulated run: the generator of the replay lesson's
// incident log (scenarios/replay/logs/) and of the large logs the replay benchmark reads (into /tmp).
//   tsx bench/generate-log.ts TRUTH.json OUT.log[.gz] [--start ISO] [--duration D] [--seed N]
// Plain output is written as the run goes (memory stays flat); .gz is compressed at the end, for small logs.

import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { RequestEvent } from '../src/model/run/events.js';
import { accessLogContext, formatAccessLogLine } from '../src/report/machine/access-log.js';
import { parseDurationMs } from '../src/scenario/duration.js';
import { parseIsoInstantMs } from '../src/scenario/instant.js';
import { loadScenarioFile } from '../src/scenario/load.js';
import { simulate } from '../src/simulate.js';

const FLUSH_CHARS = 1 << 20;

export function generateLog(truthFile: string, outFile: string, options: { start: string; durationMs?: number; seed?: number }): number {
  const loaded = loadScenarioFile(truthFile);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`).join('\n'));
  const scenario = { ...loaded.scenario, ...(options.durationMs ? { durationMs: options.durationMs } : {}), ...(options.seed === undefined ? {} : { seed: options.seed }) };
  const startMs = parseIsoInstantMs(options.start);
  if (startMs === null) throw new Error(`--start: not an ISO 8601 instant: ${options.start}`);
  const context = accessLogContext(scenario.balancer, startMs);
  const gzip = outFile.endsWith('.gz');
  const parts: string[] = [];
  const fd = gzip ? -1 : openSync(outFile, 'w');
  let pending = '';
  let lines = 0;
  const flush = () => {
    if (gzip) parts.push(pending);
    else writeSync(fd, pending);
    pending = '';
  };
  simulate(scenario, {
    logRequests: true,
    sink: {
      emit(event) {
        if (event.type !== 'request') return;
        pending += formatAccessLogLine(event as RequestEvent, context) + '\n';
        lines++;
        if (pending.length >= FLUSH_CHARS) flush();
      },
    },
  });
  flush();
  if (gzip) writeFileSync(outFile, gzipSync(parts.join(''), { level: 9 }));
  else closeSync(fd);
  return lines;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at < 0 ? undefined : args[at + 1];
}

if (process.argv[1]?.endsWith('generate-log.ts') || process.argv[1]?.endsWith('generate-log.js')) {
  const args = process.argv.slice(2);
  const [truth, out] = args;
  if (truth === undefined || out === undefined) {
    console.error('usage: generate-log TRUTH.json OUT.log[.gz] [--start ISO] [--duration D] [--seed N]');
    process.exit(2);
  }
  const duration = option(args, '--duration');
  const seed = option(args, '--seed');
  const lines = generateLog(truth, out, {
    start: option(args, '--start') ?? '2026-01-01T00:00:00Z',
    ...(duration === undefined ? {} : { durationMs: parseDurationMs(duration) ?? undefined }),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
  });
  console.log(`${out}: ${lines} lines`);
}
