// A text file written line by line, buffered, with synchronous writes: the simulation is
// synchronous, so the file is complete when `close()` returns. Shared by --events and --access-log.

import { closeSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../exit-codes.js';

const FLUSH_BYTES = 1 << 16;

export class LineFile {
  private readonly fd: number;
  private buffer = '';

  /**
   * Opens (and truncates) the file now, so a bad path is a usage error before the run, not a crash
   * after it. `option` names the flag in the message (`--events`).
   */
  constructor(path: string, option: string) {
    try {
      this.fd = openSync(path, 'w');
    } catch (error) {
      throw new UsageError(`${option}: cannot write "${path}": ${openFailure(error)}`);
    }
  }

  writeLine(line: string): void {
    this.buffer += line + '\n';
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

/** Why a path cannot be opened for writing, in words rather than an errno name. */
function openFailure(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'its directory does not exist';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
