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
  try {
    return { ok: true, file, text: readFileSync(file, 'utf8') };
  } catch (error) {
    return { ok: false, message: readError(error) };
  }
};

export const listRelated: ListRelated = (pattern, fromFile) => {
  try {
    return { ok: true, files: globSync(pattern, { cwd: dirname(fromFile), absolute: true, onlyFiles: true }) };
  } catch (error) {
    return { ok: false, message: readError(error) };
  }
};

export function importConfigFile(path: string, request: Omit<ImportRequest, 'readRelated'> = {}): ImportOutcome {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ file: path, line: 1, column: 1, path: '', message: readError(error) }] };
  }
  return importConfigText(text.startsWith('\uFEFF') ? text.slice(1) : text, path, { ...request, readRelated, listRelated });
}
