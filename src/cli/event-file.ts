// Writes the run's events to an NDJSON file as they happen, buffered, with synchronous writes:
// the simulation is synchronous, so the file is complete when `close()` returns.

import { closeSync, openSync, writeSync } from 'node:fs';
import type { EventSink, SimEvent } from '../model/events.js';
import { encodeEvent } from '../report/event-log.js';

const FLUSH_BYTES = 1 << 16;

export class EventFile implements EventSink {
  private readonly fd: number;
  private buffer = '';

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  emit(event: SimEvent): void {
    this.buffer += encodeEvent(event) + '\n';
    if (this.buffer.length >= FLUSH_BYTES) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
