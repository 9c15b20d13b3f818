// The scenario files `lbsim test` is given: files as they are, folders searched for .json files,
// and globs (quoted in CI so the shell does not expand them) matched here, in a stable order.

import { statSync, type Stats } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './exit-codes.js';

/** JSON Schema files live beside scenarios (scenarios/schema.json) and are not scenarios. */
const isScenarioName = (path: string): boolean => {
  const name = basename(path);
  return name !== 'schema.json' && !name.endsWith('.schema.json') && !path.split(/[\\/]/).includes('node_modules');
};

/** Every scenario file the arguments name, each once, in argument order; a folder's files sorted. */
export function expandScenarioPaths(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    if (isDirectory(arg)) {
      const found = globSync('**/*.json', { cwd: arg, expandDirectories: false }).filter(isScenarioName).sort();
      if (found.length === 0) throw new UsageError(`no scenario files (*.json) in the folder "${arg}"`);
      files.push(...found.map((name) => join(arg, name)));
    } else if (!isFile(arg) && isDynamicPattern(arg)) {
      // Absolute patterns give absolute paths: relative ones would climb out of the working folder.
      const found = globSync(arg, { absolute: isAbsolute(arg), expandDirectories: false }).filter(isScenarioName).sort();
      if (found.length === 0) throw new UsageError(`no scenario files match "${arg}"`);
      files.push(...found);
    } else {
      // A missing file is reported by the loader, as `file:1:1 file not found`, like any invalid input.
      files.push(arg);
    }
  }
  return [...new Set(files)];
}

function isDirectory(path: string): boolean {
  return statOrNull(path)?.isDirectory() === true;
}

function isFile(path: string): boolean {
  return statOrNull(path)?.isFile() === true;
}

/** Unreadable or absent: the loader says which when it tries the path as a file. */
function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
