// Writes the run's events to an NDJSON file as they happen (`--events`), one event per line,
// through the buffered synchronous LineFile.

import type { EventSink, SimEvent } from '../../model/run/events.js';
import { encodeEvent } from '../../report/machine/event-log.js';
import { LineFile } from './line-file.js';

export class EventFile implements EventSink {
  private readonly file: LineFile;

  /** Opens (and truncates) the file now: a bad path is exit 2 before the run starts. */
  constructor(path: string) {
    this.file = new LineFile(path, '--events');
  }

  emit(event: SimEvent): void {
    this.file.writeLine(encodeEvent(event));
  }

  close(): void {
    this.file.close();
  }
}
