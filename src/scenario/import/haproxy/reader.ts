// The haproxy.cfg reader: tokenize, split into sections, choose the backend (--backend, or the only
// backend/listen section with servers), map it, and note every other section once.

import { closestName, didYouMean } from '../../errors.js';
import type { ConfigReader, DirectiveNote, ImportOutcome, ReadOptions } from '../import-types.js';
import { mapBackend } from './map-backend.js';
import { Notebook, lineSpot } from './notebook.js';
import { splitSections, type Section } from './sections.js';
import { tokenize } from './tokenize.js';

const HEADER = /^\s*(?:(?:global|defaults)(?:\s+[^\s;{}]+)?|(?:frontend|backend|listen)\s+[^\s;{}]+(?:\s+from\s+[^\s;{}]+)?)\s*(?:#.*)?$/m;
const PROXY_LINE = /^\s*(?:server|balance|bind|default_backend|use_backend|mode|option|timeout)\s+[^;{}]*$/m;

const hasServers = (s: Section) => s.body.some((l) => l.words[0]!.text === 'server' || l.words[0]!.text === 'server-template');

/** The backend to import, or an error naming the candidates. */
function chooseBackend(sections: readonly Section[], options: ReadOptions, notes: Notebook): Section | null {
  const proxies = sections.filter((s) => (s.kind === 'backend' || s.kind === 'listen') && s.name !== null);
  const names = proxies.map((s) => s.name!);
  const start = { line: 1, column: 1 };
  if (options.backend !== undefined) {
    const found = proxies.find((s) => s.name === options.backend);
    if (found !== undefined) return found;
    const frontend = sections.find((s) => s.kind === 'frontend' && s.name === options.backend);
    const message = frontend !== undefined
      ? `"${options.backend}" is a frontend: --backend names a backend or listen section`
      : `no backend or listen section named "${options.backend}"${didYouMean(closestName(options.backend, names))}`;
    notes.error(start, '--backend', message, names.length > 0 ? `one of ${names.join(', ')}` : 'a backend or listen section', options.backend);
    return null;
  }
  const candidates = proxies.filter(hasServers);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    notes.error(start, 'backend', 'no backend or listen section with servers', 'a backend or listen section with server lines');
    return null;
  }
  const list = candidates.map((s) => `${s.name} (line ${s.header.line})`).join(', ');
  notes.error(start, 'backend', `${candidates.length} backends have servers: ${list}; choose one with --backend NAME`, `--backend ${candidates.map((s) => s.name).join(' | ')}`);
  return null;
}

/** Sections the import does not read: one note on each header. */
function noteOtherSections(sections: readonly Section[], backend: Section, notes: Notebook): void {
  for (const section of sections) {
    if (notes.has(lineSpot(section.header))) continue;
    if (section.kind === 'global') {
      for (const line of section.body) {
        const kw = line.words[0]!.text;
        notes.skipLine(line, kw.includes('spread-checks') ? 'spreading of checks: lbsim schedules checks its own way' : 'process-wide setting: not about balancing');
      }
      notes.skipLine(section.header, 'process-wide settings');
    } else if (section.kind === 'backend' || section.kind === 'listen') {
      notes.skipLine(section.header, `another ${section.kind}: not imported (choose it with --backend ${section.name})`);
    } else if (section.kind === 'frontend') {
      notes.skipLine(section.header, `does not route to ${backend.name}: not imported`);
    } else if (section.kind === 'defaults') {
      notes.skipLine(section.header, `defaults not inherited by ${backend.kind} ${backend.name}`);
    } else notes.skipLine(section.header, `${section.kind} section: not about balancing`);
  }
}

const bySpot = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line - b.line || a.column - b.column;
const notesInFileOrder = (list: readonly DirectiveNote[]) => [...list].sort((a, b) => bySpot(a.at, b.at));

function failed(notes: Notebook): ImportOutcome {
  return { ok: false, errors: [...notes.errors].sort(bySpot) };
}

export const haproxyReader: ConfigReader = {
  format: 'haproxy',
  detect(text: string): boolean {
    return HEADER.test(text) && PROXY_LINE.test(text);
  },
  read(text: string, file: string, options: ReadOptions): ImportOutcome {
    const notes = new Notebook(file);
    const tokens = tokenize(text);
    for (const e of tokens.errors) notes.error(e, 'quoting', e.message, 'a closing quote on the same line');
    const { sections, stray, unknownFrom } = splitSections(tokens.lines);
    for (const line of stray) notes.error(lineSpot(line), line.words[0]!.text, 'directive outside any section', 'a section header first (global, defaults, frontend, backend or listen)', line.words[0]!.text);
    for (const { section, name, column } of unknownFrom) {
      notes.error({ line: section.header.line, column }, `${section.kind} ${section.name ?? ''}`.trim(), `no defaults section named "${name}" before this line`);
    }
    if (notes.errors.length > 0) return failed(notes);
    const backend = chooseBackend(sections, options, notes);
    if (backend === null) return failed(notes);
    const scenario = mapBackend(backend, sections, file, notes);
    if (scenario === null) return failed(notes);
    noteOtherSections(sections, backend, notes);
    return { ok: true, config: { format: 'haproxy', scenario, applied: notesInFileOrder(notes.applied), notModelled: notesInFileOrder(notes.notModelled) } };
  },
};
