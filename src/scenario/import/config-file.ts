// Reads native config files from disk for the importers: the config itself and the files it refers
// to (nginx `include`), relative to the referring file. The only other file in scenario/ with I/O besides load.ts.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { importConfigText, type ImportRequest } from './index.js';
import { globSync } from 'tinyglobby';
import type { ImportOutcome, ListRelated, ReadRelated } from './import-types.js';
import { readError } from '../read-error.js';

export const readRelated: ReadRelated = (path, fromFile) => {
  const file = isAbsolute(path) ? path : join(dirname(fromFile), path);
  const read = readConfigText(file);
  return read.ok ? { ok: true, file, text: read.text } : read;
};

export const listRelated: ListRelated = (pattern, fromFile) => {
  try {
    return { ok: true, files: globSync(pattern, { cwd: dirname(fromFile), absolute: true, onlyFiles: true }) };
  } catch (error) {
    return { ok: false, message: readError(error) };
  }
};

/** The config's text, or why it cannot be read ("file not found"). */
export function readConfigText(path: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    const text = readFileSync(path, 'utf8');
    return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch (error) {
    return { ok: false, message: readError(error) };
  }
}

/** Imports text already read from `path` (its includes are read relative to it). */
export function importReadConfig(text: string, path: string, request: Omit<ImportRequest, 'readRelated'> = {}): ImportOutcome {
  return importConfigText(text, path, { ...request, readRelated, listRelated });
}

export function importConfigFile(path: string, request: Omit<ImportRequest, 'readRelated'> = {}): ImportOutcome {
  const read = readConfigText(path);
  if (!read.ok) return { ok: false, errors: [{ file: path, line: 1, column: 1, path: '', message: read.message }] };
  return importReadConfig(read.text, path, request);
}
