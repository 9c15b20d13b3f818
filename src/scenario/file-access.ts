// Which files a scenario may make lbsim read (its `Config.File`, the files that config includes, any
// other key naming a file) and how they are read: on the command line any file the user can open;
// in the web app only files inside one folder, so a posted scenario cannot read the rest of the disk.

import { readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { globSync } from 'tinyglobby';
import { readError } from './read-error.js';

export type Opened = { ok: true; file: string; text: string } | { ok: false; file: string | null; message: string };
export type Listed = { ok: true; files: string[] } | { ok: false; message: string };

export interface FileAccess {
  /**
   * Reads `path` as named by `fromFile` (relative paths are relative to `fromFile`'s folder). `file`
   * is the name to show in messages and to pass as the next `fromFile`; null when the path was refused.
   */
  open(path: string, fromFile: string): Opened;
  /** The files a wildcard names (relative to `fromFile`'s folder), as paths `open(path, fromFile)` takes. */
  list(pattern: string, fromFile: string): Listed;
  /**
   * Whether messages about a file's content may quote it. False in the web app: a page on a rebinding
   * host could read them, so errors in a referenced file keep only its name and line.
   */
  quotesContent: boolean;
}

function readText(path: string): { ok: true; text: string } | { ok: false; message: string } {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return { ok: false, message: readError(error) };
  }
}

/** `path` as a file names it: absolute as given, relative from that file's folder. */
export function besideFile(path: string, fromFile: string): string {
  return isAbsolute(path) ? path : join(dirname(fromFile), path);
}

/** The command line's access: any file, as the user who runs lbsim could open it anyway. */
export const anyFile: FileAccess = {
  open(path, fromFile) {
    const file = besideFile(path, fromFile);
    const read = readText(file);
    return read.ok ? { ok: true, file, text: read.text } : { ok: false, file, message: read.message };
  },
  list(pattern, fromFile) {
    try {
      return { ok: true, files: globSync(pattern, { cwd: dirname(fromFile), absolute: true, onlyFiles: true }) };
    } catch (error) {
      return { ok: false, message: readError(error) };
    }
  },
  quotesContent: true,
};

const leaves = (fromRoot: string) => fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot);

/** Why `path` may not be read from inside the folder, or null; decided before the disk is touched. */
function refusedName(path: string, name: string): string | null {
  if (path.includes('\0')) return 'not allowed here: a path with a NUL character';
  if (isAbsolute(path)) return 'not allowed here: an absolute path (only files inside the served folder can be read, named relative to the scenario)';
  if (leaves(name)) return 'not allowed here: the path leaves the served folder ("..")';
  return null;
}

/**
 * Access to the files inside `root` only. Names are relative to `root` (a scenario posted to the web
 * app sits at its top); absolute paths, `..` that climbs out and symbolic links that point out are refused.
 */
export function filesUnder(root: string): FileAccess {
  const realRoot = realpathSync(root);
  const nameOf = (path: string, fromFile: string) => normalize(join(dirname(fromFile), path));
  /** The real path of a name inside the folder, or why it cannot be read; no byte of a refused file is read. */
  const locate = (name: string): { ok: true; real: string } | { ok: false; refused: boolean; message: string } => {
    let real: string;
    try {
      real = realpathSync(join(realRoot, name));
    } catch (error) {
      return { ok: false, refused: false, message: readError(error) };
    }
    if (leaves(relative(realRoot, real))) return { ok: false, refused: true, message: 'not allowed here: a symbolic link that leaves the served folder' };
    return { ok: true, real };
  };
  return {
    open(path, fromFile) {
      const name = nameOf(path, fromFile);
      const refused = refusedName(path, name);
      if (refused !== null) return { ok: false, file: null, message: refused };
      const located = locate(name);
      if (!located.ok) return { ok: false, file: located.refused ? null : name, message: located.message };
      const read = readText(located.real);
      return read.ok ? { ok: true, file: name, text: read.text } : { ok: false, file: name, message: read.message };
    },
    list(pattern, fromFile) {
      const refused = refusedName(pattern, nameOf(pattern, fromFile));
      if (refused !== null) return { ok: false, message: refused };
      const folder = dirname(fromFile);
      const located = locate(folder);
      if (!located.ok) return { ok: false, message: located.message };
      try {
        const found = globSync(pattern, { cwd: located.real, onlyFiles: true, followSymbolicLinks: false });
        // Matches are relative to `fromFile`'s folder, as `open` takes them; any that resolve outside the root are dropped, unread.
        return { ok: true, files: found.filter((match) => !leaves(nameOf(match, fromFile)) && locate(nameOf(match, fromFile)).ok) };
      } catch (error) {
        return { ok: false, message: readError(error) };
      }
    },
    quotesContent: false,
  };
}
