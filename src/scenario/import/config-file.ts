// Reads native config files for the importers: the config itself and the files it refers to (nginx
// `include`), relative to the referring file, through a file access policy (../file-access.ts).

import { withoutByteOrderMark } from '../byte-order-mark.js';
import { anyFile, type FileAccess } from '../file-access.js';
import { importConfigText, type ImportRequest } from './index.js';
import type { ImportOutcome, ListRelated, ReadRelated } from './import-types.js';

const relatedReaders = (access: FileAccess): { readRelated: ReadRelated; listRelated: ListRelated } => ({
  readRelated: (path, fromFile) => {
    const opened = access.open(path, fromFile);
    return opened.ok ? { ok: true, file: opened.file, text: withoutByteOrderMark(opened.text) } : { ok: false, message: opened.message };
  },
  listRelated: (pattern, fromFile) => access.list(pattern, fromFile),
});

/**
 * The config's text, or why it cannot be read ("file not found"); `file` names it (null when the policy
 * refused the path). `fromFile` is the file that names it: '' for a path given on the command line.
 */
export function readConfigText(path: string, fromFile = '', access: FileAccess = anyFile): { ok: true; file: string; text: string } | { ok: false; file: string | null; message: string } {
  const opened = access.open(path, fromFile);
  return opened.ok ? { ...opened, text: withoutByteOrderMark(opened.text) } : opened;
}

/** Imports text already read from `path` (its includes are read relative to it, through the same policy). */
export function importReadConfig(text: string, path: string, request: Omit<ImportRequest, 'readRelated'> = {}, access: FileAccess = anyFile): ImportOutcome {
  return importConfigText(text, path, { ...request, ...relatedReaders(access) });
}

export function importConfigFile(path: string, request: Omit<ImportRequest, 'readRelated'> = {}): ImportOutcome {
  const read = readConfigText(path);
  if (!read.ok) return { ok: false, errors: [{ file: path, line: 1, column: 1, path: '', message: read.message }] };
  return importReadConfig(read.text, path, request);
}
