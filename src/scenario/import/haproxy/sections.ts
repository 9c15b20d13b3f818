// haproxy.cfg lines grouped into sections (`global`, `defaults`, `frontend`, `backend`, `listen`, and
// the others HAProxy has), and which defaults section each proxy takes its settings from.

import type { ConfigLine } from './tokenize.js';

export const PROXY_KINDS = ['defaults', 'frontend', 'backend', 'listen'] as const;
/** Section keywords HAProxy knows that hold no proxy: noted once each. */
const OTHER_KINDS = [
  'global', 'resolvers', 'peers', 'userlist', 'mailers', 'program', 'http-errors', 'ring', 'cache',
  'crt-store', 'traces', 'log-forward', 'acme', 'fcgi-app', 'dynamic-update',
] as const;

export type SectionKind = (typeof PROXY_KINDS)[number] | (typeof OTHER_KINDS)[number];

export interface Section {
  kind: SectionKind;
  /** The section's name; null for `global` and an unnamed `defaults`. */
  name: string | null;
  header: ConfigLine;
  body: ConfigLine[];
  /** The defaults section a proxy takes its settings from: the last one before it, or `from NAME`. */
  defaults: Section | null;
}

const KINDS: readonly string[] = [...PROXY_KINDS, ...OTHER_KINDS];

export function isSectionKeyword(word: string): word is SectionKind {
  return KINDS.includes(word);
}

export interface Sectioned {
  sections: Section[];
  /** Lines before the first section header (HAProxy rejects them; we note them). */
  stray: ConfigLine[];
  /** `from NAME` naming no defaults section before it. */
  unknownFrom: Array<{ section: Section; name: string; column: number }>;
}

export function splitSections(lines: readonly ConfigLine[]): Sectioned {
  const sections: Section[] = [];
  const stray: ConfigLine[] = [];
  const unknownFrom: Sectioned['unknownFrom'] = [];
  let current: Section | null = null;
  let lastDefaults: Section | null = null;
  for (const line of lines) {
    const keyword = line.words[0]!.text;
    if (!isSectionKeyword(keyword)) {
      if (current === null) stray.push(line);
      else current.body.push(line);
      continue;
    }
    const nameWord = line.words[1];
    const name = nameWord === undefined || nameWord.text === 'from' ? null : nameWord.text;
    const fromAt = line.words.findIndex((w, i) => i > 0 && w.text === 'from');
    const fromWord = fromAt > 0 ? line.words[fromAt + 1] : undefined;
    let defaults: Section | null = lastDefaults;
    if (fromWord !== undefined) {
      const named: Section | null = [...sections].reverse().find((s) => s.kind === 'defaults' && s.name === fromWord.text) ?? null;
      defaults = named;
      current = { kind: keyword, name, header: line, body: [], defaults };
      if (named === null) unknownFrom.push({ section: current, name: fromWord.text, column: fromWord.column });
    } else {
      // A defaults section without `from` starts from HAProxy's built-in defaults.
      current = { kind: keyword, name, header: line, body: [], defaults: keyword === 'defaults' ? null : defaults };
    }
    sections.push(current);
    if (keyword === 'defaults') lastDefaults = current;
  }
  return { sections, stray, unknownFrom };
}

/** The chain of defaults a proxy inherits, oldest first (a named defaults may itself use `from`). */
export function defaultsChain(section: Section): Section[] {
  const chain: Section[] = [];
  for (let d = section.defaults; d !== null && !chain.includes(d); d = d.defaults) chain.unshift(d);
  return chain;
}
