// Reading replayed logs: the one place a `Traffic.Replay.File` becomes a path and is opened
// (an access policy can go in resolveLogPath), then read 1 MiB at a time, gunzipped when it starts
// with gzip's magic bytes, and cut after whole lines. Memory stays flat whatever the file's size.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { besideFile } from '../scenario/file-access.js';
import { readError } from '../scenario/read-error.js';

/** A log named in a scenario, relative to the scenario file (to the working directory for code-built scenarios). */
export function resolveLogPath(file: string, scenarioFile: string): string {
  return scenarioFile === '<inline>' ? file : besideFile(file, scenarioFile);
}

/** Whole lines of one file as bytes: each ends at a newline or, for a file's last line, at the chunk's end. */
export interface ByteChunk {
  file: string;
  /** True for a file's first chunk: its first line is line 1. */
  firstOfFile: boolean;
  bytes: Buffer;
}

/** Lines of one file as text, a chunk at a time: `firstLine` is the 1-based number of `lines[0]`. */
export interface LineChunk {
  file: string;
  firstLine: number;
  lines: string[];
}

/** Read size: large reads mean few trips to the thread pool; memory stays a few of these. */
const READ_BYTES = 1 << 20;

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

/** The file's bytes (gunzipped when it starts with gzip's magic bytes), a read at a time. */
async function* fileBytes(path: string): AsyncGenerator<Buffer, void, void> {
  // Checked first: it opens the file synchronously, so a missing file is an error here, not an unhandled stream event.
  if (isGzip(path)) {
    const raw = createReadStream(path, { highWaterMark: READ_BYTES });
    const gunzip = createGunzip({ chunkSize: READ_BYTES });
    // pipe() does not forward a read error: the gunzip stream ends it, so the reader's for-await sees it.
    raw.on('error', (error) => gunzip.destroy(error));
    yield* raw.pipe(gunzip) as AsyncIterable<Buffer>;
    return;
  }
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Every line of the files in order, as bytes cut after a chunk's last newline (a final line without one included). */
export async function* readLogBytes(paths: readonly string[]): AsyncGenerator<ByteChunk, void, void> {
  for (const path of paths) {
    let firstOfFile = true;
    let rest: Buffer | null = null;
    try {
      for await (const read of fileBytes(path)) {
        const data: Buffer = rest === null ? read : Buffer.concat([rest, read]);
        const lastNewline = data.lastIndexOf(10);
        if (lastNewline < 0) {
          rest = data;
          continue;
        }
        rest = lastNewline + 1 < data.length ? data.subarray(lastNewline + 1) : null;
        yield { file: path, firstOfFile, bytes: data.subarray(0, lastNewline + 1) };
        firstOfFile = false;
      }
    } catch (error) {
      if (error instanceof LogReadError) throw error;
      throw new LogReadError(`${path}: ${readError(error)}`);
    }
    if (rest !== null) yield { file: path, firstOfFile, bytes: rest };
  }
}

/** The lines of a chunk as text (UTF-8), CRs before newlines dropped; whole lines decode as the whole file would. */
export function chunkLines(bytes: Buffer): string[] {
  const end = bytes.length > 0 && bytes[bytes.length - 1] === 10 ? bytes.length - 1 : bytes.length;
  return bytes.toString('utf8', 0, end).split('\n').map(stripCr);
}

/** Every line of the files in order, as text, in chunks (a final line without a newline included; CRLF handled). */
export async function* readLogLines(paths: readonly string[]): AsyncGenerator<LineChunk, void, void> {
  let lineNumber = 1;
  for await (const chunk of readLogBytes(paths)) {
    if (chunk.firstOfFile) lineNumber = 1;
    const lines = chunkLines(chunk.bytes);
    yield { file: chunk.file, firstLine: lineNumber, lines };
    lineNumber += lines.length;
  }
}

const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
