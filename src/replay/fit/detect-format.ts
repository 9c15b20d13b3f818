// Which replay format a log is in, from its first lines: the parser that reads the most of them.
// lbsim's access log is Classic ELB's format and is read as such; its --events NDJSON as lbsim.

import type { ReplayFormat } from '../../model/config.js';
import { lineParser } from '../formats/index.js';
import { readLogLines } from '../log-files.js';

const SAMPLE_LINES = 20;
const ORDER: ReplayFormat[] = ['alb', 'clb', 'haproxy', 'nginx'];

export async function detectFormat(path: string): Promise<ReplayFormat | null> {
  const lines: string[] = [];
  for await (const chunk of readLogLines([path])) {
    lines.push(...chunk.lines.filter((line) => line.trim() !== '' && !line.startsWith('#')));
    if (lines.length >= SAMPLE_LINES) break;
  }
  const sample = lines.slice(0, SAMPLE_LINES);
  if (sample.length > 0 && sample.every((line) => line.startsWith('{'))) return 'lbsim';
  let best: { format: ReplayFormat; read: number } | null = null;
  for (const format of ORDER) {
    const parse = lineParser({ format, logFormat: null });
    const read = sample.filter((line) => typeof parse(line) === 'object').length;
    if (read > 0 && (best === null || read > best.read)) best = { format, read };
  }
  return best?.format ?? null;
}
