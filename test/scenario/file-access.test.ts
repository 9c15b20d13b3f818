// The file access policies a scenario's file-naming keys go through: the command line's (any file,
// relative to the naming file) and the web app's (only inside one folder: `..` may move about inside
// it, but absolute paths, climbing out and symbolic links that point out are refused before any read).

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyFile, filesUnder, type Opened } from '../../src/scenario/file-access.js';

// Made when the module loads: the it.each tables below name paths in it.
const root = mkdtempSync(join(tmpdir(), 'lbsim-file-access-'));
const inside = join(root, 'inside');
const outside = join(root, 'outside');

beforeAll(() => {
  mkdirSync(join(inside, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(inside, 'top.txt'), 'top');
  writeFileSync(join(inside, 'sub', 'a.conf'), 'a');
  writeFileSync(join(inside, 'sub', 'b.conf'), 'b');
  writeFileSync(join(outside, 'secret.conf'), 'secret');
  symlinkSync(join(inside, 'top.txt'), join(inside, 'sub', 'link-in.txt'));
  symlinkSync(join(outside, 'secret.conf'), join(inside, 'sub', 'link-out.conf'));
  symlinkSync(outside, join(inside, 'out'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const text = (opened: Opened) => (opened.ok ? opened.text : `refused: ${opened.message}`);

describe('filesUnder(folder): the web app', () => {
  const access = () => filesUnder(inside);

  it('reads files inside, relative to the naming file, named relative to the folder', () => {
    expect(access().open('top.txt', 'scenario.json')).toEqual({ ok: true, file: 'top.txt', text: 'top' });
    expect(access().open('a.conf', 'sub/main.conf')).toEqual({ ok: true, file: join('sub', 'a.conf'), text: 'a' });
    expect(text(access().open('../top.txt', 'sub/main.conf'))).toBe('top');
    expect(text(access().open('sub/../top.txt', 'scenario.json'))).toBe('top');
    expect(text(access().open('sub/link-in.txt', 'scenario.json'))).toBe('top');
  });

  it.each([
    ['an absolute path', join(outside, 'secret.conf'), 'scenario.json', 'absolute path'],
    ['.. out of the folder', '../outside/secret.conf', 'scenario.json', '("..")'],
    ['.. out from a file in a subfolder', '../../outside/secret.conf', 'sub/main.conf', '("..")'],
    ['a symbolic link to a file outside', 'sub/link-out.conf', 'scenario.json', 'symbolic link'],
    ['a file in a linked folder outside', 'out/secret.conf', 'scenario.json', 'symbolic link'],
  ])('refuses %s, naming no file', (_what, path, fromFile, reason) => {
    const opened = access().open(path, fromFile);
    expect(opened.ok).toBe(false);
    expect(opened).toMatchObject({ file: null });
    expect(text(opened)).toContain(reason);
    expect(text(opened)).not.toContain('secret');
  });

  it('says "file not found" for a missing file inside, with its name', () => {
    expect(access().open('nope.conf', 'sub/main.conf')).toEqual({ ok: false, file: join('sub', 'nope.conf'), message: 'file not found' });
  });

  it('lists wildcard matches inside only, as paths open() takes from the same file', () => {
    const listed = access().list('*.conf', 'sub/main.conf');
    expect(listed).toEqual({ ok: true, files: expect.arrayContaining(['a.conf', 'b.conf']) });
    if (!listed.ok) return;
    expect(listed.files).not.toContain('link-out.conf');
    expect(listed.files.map((file) => text(access().open(file, 'sub/main.conf'))).sort()).toEqual(['a', 'b']);
    expect(access().list('../../outside/*.conf', 'sub/main.conf').ok).toBe(false);
    expect(access().list(join(outside, '*.conf'), 'scenario.json').ok).toBe(false);
    expect(access().list('out/*.conf', 'scenario.json')).toEqual({ ok: true, files: [] });
  });

  it('withholds quoted content from messages', () => {
    expect(access().quotesContent).toBe(false);
  });
});

describe('anyFile: the command line', () => {
  it('reads relative to the naming file, and absolute paths as they are', () => {
    expect(anyFile.open('secret.conf', join(outside, 'scenario.json'))).toEqual({ ok: true, file: join(outside, 'secret.conf'), text: 'secret' });
    expect(text(anyFile.open(join(outside, 'secret.conf'), 'scenario.json'))).toBe('secret');
    expect(text(anyFile.open('../outside/secret.conf', join(inside, 'scenario.json')))).toBe('secret');
    expect(anyFile.quotesContent).toBe(true);
  });
});
