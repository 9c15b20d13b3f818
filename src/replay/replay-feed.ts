// A replayed trace as batches of arrivals for the simulator: log lines parsed, bad ones counted,
// put back in time order, cut to the From/To window, mapped to simulated time (÷ Speed), with
// interned request kinds and hashed client ids. Reads the files lazily: one batch at a time.

import type { ReplayConfig } from '../model/config.js';
import { hashText } from '../model/algorithms/support/hash.js';
import { REPLAY_CLIENT_IDS, type ReplayArrival } from '../model/traffic/replay-traffic.js';
import { byteLineParser, lineParser } from './formats/index.js';
import { KindTable } from './kind-table.js';
import type { ByteLineParser, PlacedLine } from './line-bytes.js';
import type { LineParser } from './log-record.js';
import { chunkLines, readLogBytes, resolveLogPath, type ByteChunk } from './log-files.js';
import { CLIENT, KIND, ReorderBuffer, SERVICE, TIME } from './reorder.js';
import { newReplayStats, ReplayInputError, type ReplayStats } from './replay-stats.js';

const BATCH_SIZE = 4096;
/** Times before 1 January 1971 are an event log's simulated seconds, counted from the run's 0s. */
const EARLIEST_DATED_MS = 365 * 86_400_000;

export class ReplayFeed {
  readonly stats: ReplayStats = newReplayStats();
  private readonly parse: LineParser;
  /** Reads the format's common lines in place (no string per line); the others go to `parse`. */
  private readonly parseBytes: ByteLineParser | null;
  private readonly placed: PlacedLine = { timeMs: 0, serviceMs: 0, client: -1, kind: 0 };
  private readonly chunks: AsyncGenerator<ByteChunk, void, void>;
  /** The line number of the next line of the file being read. */
  private lineNumber = 1;
  private readonly reorder: ReorderBuffer;
  /** Request kinds, one object per method and path; held lines name them by index. */
  private readonly kinds = new KindTable();
  private readonly validPerFile = new Map<string, number>();
  private originMs: number | null = null;
  private endMs = Infinity;
  private finished = false;

  constructor(private readonly replay: ReplayConfig, private readonly durationMs: number) {
    this.parse = lineParser(replay);
    this.parseBytes = byteLineParser(replay.format);
    const paths = replay.files.map((file) => resolveLogPath(file, replay.scenarioFile));
    for (const path of paths) this.validPerFile.set(path, 0);
    this.chunks = readLogBytes(paths);
    this.reorder = new ReorderBuffer(replay.reorderWindowMs);
  }

  /** The next arrivals in time order, or null when the trace (or the run) is over. */
  async next(): Promise<ReplayArrival[] | null> {
    const batch: ReplayArrival[] = [];
    while (batch.length < BATCH_SIZE && !this.finished) {
      const placed = this.reorder.release(false);
      if (placed >= 0) {
        this.emit(placed, batch);
        continue;
      }
      const chunk = await this.chunks.next();
      if (chunk.done === true) {
        this.drain(batch);
        break;
      }
      this.take(chunk.value);
    }
    if (batch.length === 0 && this.finished) {
      await this.close();
      return null;
    }
    return batch;
  }

  /** Closes the file being read: the run ended before the log (Duration, To) or stopped on an error. */
  async close(): Promise<void> {
    this.finished = true;
    await this.chunks.return(undefined);
  }

  private drain(batch: ReplayArrival[]): void {
    for (let placed = this.reorder.release(true); placed >= 0 && !this.finished; placed = this.reorder.release(true)) this.emit(placed, batch);
    this.finished = true;
    const empty = [...this.validPerFile].filter(([, count]) => count === 0).map(([file]) => file);
    if (empty.length > 0) throw new ReplayInputError(empty.map((file) => `${file}: no valid ${this.replay.format} access-log line`), this.stats);
  }

  private take(chunk: ByteChunk): void {
    if (chunk.firstOfFile) this.lineNumber = 1;
    const parseBytes = this.parseBytes;
    if (parseBytes === null) {
      for (const text of chunkLines(chunk.bytes)) this.takeText(text, chunk.file, this.lineNumber++);
      return;
    }
    const bytes = chunk.bytes;
    const placed = this.placed;
    const stats = this.stats;
    let valid = 0;
    for (let start = 0; start < bytes.length; ) {
      let newline = bytes.indexOf(10, start);
      if (newline < 0) newline = bytes.length;
      const end = newline > start && bytes[newline - 1] === 13 ? newline - 1 : newline;
      const line = this.lineNumber++;
      const first = end > start ? bytes[start]! : 35;
      // Empty lines and comments are skipped; a line starting with a space may be blank (the text path decides).
      if (first !== 35) {
        if (first > 32 && first < 128 && parseBytes(bytes, start, end, this.kinds, placed)) {
          stats.lines++;
          valid++;
          this.hold(placed.timeMs, placed.serviceMs, placed.client, placed.kind, chunk.file, line);
        } else this.takeText(bytes.toString('utf8', start, end), chunk.file, line);
      }
      start = newline + 1;
    }
    this.validPerFile.set(chunk.file, this.validPerFile.get(chunk.file)! + valid);
  }

  /** One line through the format's text parser. */
  private takeText(text: string, file: string, line: number): void {
    if (text.length === 0 || text.charCodeAt(0) === 35 /* # */ || text.trim() === '') return;
    const stats = this.stats;
    stats.lines++;
    const parsed = this.parse(text);
    if (parsed === null) return;
    if (typeof parsed === 'string') {
      stats.badLines++;
      if (stats.badSamples.length < 5) stats.badSamples.push(`${file}:${line}: ${parsed}`);
      return;
    }
    this.validPerFile.set(file, this.validPerFile.get(file)! + 1);
    const client = parsed.client === '' ? -1 : (hashText(parsed.client) >>> 0) % REPLAY_CLIENT_IDS;
    this.hold(parsed.timeMs, parsed.serviceMs, client, this.kinds.indexOf(parsed.method, parsed.path), file, line);
  }

  private hold(timeMs: number, serviceMs: number, client: number, kind: number, file: string, line: number): void {
    if (!this.reorder.add(timeMs, serviceMs, client, kind)) {
      const behindS = this.reorder.behindNewestMs(timeMs) / 1000;
      throw new ReplayInputError(
        [`${file}:${line}: this line is ${behindS.toFixed(3)}s older than a line read before it, beyond the reorder window (${this.replay.reorderWindowMs / 1000}s; Traffic.Replay.ReorderWindow widens it)`],
        this.stats,
      );
    }
  }

  /** The held line at offset `at` of the reorder buffer, into the batch when it is inside the window. */
  private emit(at: number, batch: ReplayArrival[]): void {
    const lines = this.reorder.lines;
    const timeMs = lines[at + TIME]!;
    if (this.originMs === null) this.setWindow(timeMs);
    const atMs = (timeMs - this.originMs!) / this.replay.speed;
    if (atMs < 0) {
      this.stats.beforeWindow++;
      return;
    }
    if (atMs >= this.endMs) {
      this.finished = true;
      return;
    }
    const serviceMs = lines[at + SERVICE]!;
    if (serviceMs < 0) this.stats.noServiceTime++;
    this.stats.requests++;
    batch.push({ atMs, kind: this.kinds.kinds[lines[at + KIND]! | 0]!, client: lines[at + CLIENT]! | 0, serviceMs });
  }

  /** Time 0: From, else the first request (0s for an event log); the end: To, else Duration. */
  private setWindow(firstMs: number): void {
    const { from, to, speed } = this.replay;
    const logStartMs = firstMs < EARLIEST_DATED_MS ? 0 : firstMs;
    this.originMs = from === null ? logStartMs : 'epochMs' in from ? from.epochMs : logStartMs + from.offsetMs;
    this.stats.originMs = this.originMs;
    const toMs = to === null ? Infinity : 'epochMs' in to ? (to.epochMs - this.originMs) / speed : (to.offsetMs - (from !== null && 'offsetMs' in from ? from.offsetMs : 0)) / speed;
    this.endMs = Math.min(toMs, this.durationMs);
  }}
