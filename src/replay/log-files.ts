// Reading replayed logs: the one place a `Traffic.Replay.File` becomes a path and is opened
// (an access policy can go in resolveLogPath), then streamed in chunks, gunzipped when it starts
// with gzip's magic bytes, and cut into lines. Memory stays flat whatever the file's size.

import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { readError } from '../scenario/read-error.js';

/** A log named in a scenario, relative to the scenario file (to the working directory for code-built scenarios). */
export function resolveLogPath(file: string, scenarioFile: string): string {
  if (isAbsolute(file) || scenarioFile === '<inline>') return file;
  return join(dirname(scenarioFile), file);
}

/** Lines of one file, a chunk at a time: `firstLine` is the 1-based number of `lines[0]`. */
export interface LineChunk {
  file: string;
  firstLine: number;
  lines: string[];
}

export class LogReadError extends Error {}

function isGzip(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new LogReadError(`${path}: ${readError(error)}`);
  }
  try {
    const magic = Buffer.alloc(2);
    return readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

function open(path: string): Readable {
  // Checked first: it opens the file synchronously, so a missing file is an error here, not an unhandled stream event.
  const gzip = isGzip(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  if (!gzip) return raw;
  const gunzip = createGunzip();
  // pipe() does not forward a read error: the gunzip stream ends it, so the reader's for-await sees it.
  raw.on('error', (error) => gunzip.destroy(error));
  return raw.pipe(gunzip);
}

/** Every line of the files in order, in chunks (a final line without a newline included; CRLF handled). */
export async function* readLogLines(paths: readonly string[]): AsyncGenerator<LineChunk, void, void> {
  for (const path of paths) {
    let lineNumber = 1;
    let rest = '';
    const stream = open(path);
    stream.setEncoding('utf8');
    try {
      for await (const text of stream as AsyncIterable<string>) {
        const lines = (rest + text).split('\n');
        rest = lines.pop()!;
        if (lines.length === 0) continue;
        yield { file: path, firstLine: lineNumber, lines: lines.map(stripCr) };
        lineNumber += lines.length;
      }
    } catch (error) {
      throw new LogReadError(`${path}: ${readError(error)}`);
    }
    if (rest !== '') yield { file: path, firstLine: lineNumber, lines: [stripCr(rest)] };
  }
}

const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
