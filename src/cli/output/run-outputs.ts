// The files a run writes (--events, --access-log, --html), opened before the run and fed from one
// event sink: request events go to the access log, the HTML report's buckets, and with --log-requests the event log.

import { resolve } from 'node:path';
import type { EventSink, SimEvent } from '../../model/run/events.js';
import type { ResolvedScenario } from '../../scenario/resolved.js';
import { AccessLogFile, DEFAULT_ACCESS_LOG_START, parseAccessLogStart } from './access-log-file.js';
import { EventFile } from './event-file.js';
import { UsageError } from '../exit-codes.js';
import { HtmlOutput } from './html-output.js';

export interface OutputOptions {
  events?: string;
  logRequests?: boolean;
  accessLog?: string;
  accessLogStart?: string;
  html?: string;
}

export interface RunOutputs {
  /** Null when no file is asked for: then the run builds no event objects at all. */
  sink: EventSink | null;
  /** Whether the run must build `request` events (there is one per request: many). */
  logRequests: boolean;
  /** Written after the run, from the whole result; null without --html. */
  html: HtmlOutput | null;
  close(): void;
}

/** Checks the flags, then opens the files (a bad path is exit 2 before the run, not after it). */
export function openRunOutputs(scenario: ResolvedScenario, options: OutputOptions): RunOutputs {
  const logRequests = options.logRequests === true;
  if (logRequests && options.events === undefined) throw new UsageError('--log-requests: needs --events FILE (it adds one line per request to that file)');
  const startEpochMs = parseAccessLogStart(options.accessLogStart ?? DEFAULT_ACCESS_LOG_START, scenario.durationMs);
  if (options.accessLogStart !== undefined && options.accessLog === undefined) {
    throw new UsageError('--access-log-start: needs --access-log FILE');
  }
  if (options.events !== undefined && options.accessLog !== undefined && resolve(options.events) === resolve(options.accessLog)) {
    throw new UsageError('--events and --access-log: give them different files (both would write to the same one)');
  }
  const paths = [options.events, options.accessLog].filter((path) => path !== undefined).map((path) => resolve(path));
  if (options.html !== undefined && paths.includes(resolve(options.html))) throw new UsageError('--html: give it a file of its own (another output writes to the same one)');
  const html = options.html === undefined ? null : new HtmlOutput(options.html, scenario.durationMs);
  const events = options.events === undefined ? null : new EventFile(options.events);
  let accessLog: AccessLogFile | null = null;
  try {
    accessLog = options.accessLog === undefined ? null : new AccessLogFile(options.accessLog, scenario.balancer, startEpochMs);
  } catch (error) {
    events?.close();
    throw error;
  }
  const close = () => {
    events?.close();
    accessLog?.close();
  };
  if (!events && !accessLog && !html) return { sink: null, logRequests: false, html, close };
  const sink: EventSink = {
    emit(event: SimEvent): void {
      if (event.type !== 'request') events?.emit(event);
      else {
        accessLog?.write(event);
        html?.add(event);
        if (logRequests) events?.emit(event);
      }
    },
  };
  return { sink, logRequests: logRequests || accessLog !== null || html !== null, html, close };
}
