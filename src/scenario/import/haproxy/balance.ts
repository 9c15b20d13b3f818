// `balance` and `hash-type` as lbsim's Balancing fields (configuration.txt "balance"; lb-semantics.md §4.4).
// `random(<draws>)` picks the least loaded of <draws> servers, 2 when no argument is given.

import { CHOICES_MAX } from '../../../model/algorithms/names.js';
import type { AlgorithmName } from '../../../model/config.js';
import { Notebook, wordSpot } from './notebook.js';
import type { ConfigLine } from './tokenize.js';

export type HashKey = 'client' | 'path' | { Header: string };

export interface BalanceChoice {
  algorithm: AlgorithmName;
  choices?: number;
  hashKey?: HashKey;
  /** Whether HAProxy hashes here, so `hash-type` matters. */
  hashing: boolean;
  /** Applied: the fields it set and any caveat; or, when `modelled` is false, why and what was used instead. */
  detail: string;
  modelled: boolean;
}

export const BALANCE_EXPECTED = 'roundrobin, static-rr, leastconn, first, random, random(<draws>), source, uri, url_param, hdr(<name>), rdp-cookie, hash <expr>, log-hash or sticky';

const fields = (algorithm: AlgorithmName, extra = '') => `Balancing.Algorithm ${algorithm}${extra}`;

function roundRobin(weightsDiffer: boolean): AlgorithmName {
  return weightsDiffer ? 'weighted-round-robin' : 'round-robin';
}

/** `hash <expr>` with the three expressions lbsim can hash; null for any other. */
function hashExpression(expr: string): HashKey | null {
  if (expr === 'src') return 'client';
  if (expr === 'path') return 'path';
  const header = /^req\.hdr\(([^,)]+)\)$/.exec(expr);
  return header === null ? null : { Header: header[1]! };
}

/** The balance line as an algorithm; null (with an error recorded) for an algorithm HAProxy does not have. */
export function readBalance(line: ConfigLine, weightsDiffer: boolean, notes: Notebook): BalanceChoice | null {
  const word = line.words[1];
  if (word === undefined) {
    notes.error(wordSpot(line, line.words[0]!), 'balance', 'missing algorithm', BALANCE_EXPECTED, 'nothing');
    return null;
  }
  const name = word.text;
  const extra = line.words.slice(2).map((w) => w.text).join(' ');
  const rr = roundRobin(weightsDiffer);
  const hashed = (hashKey: HashKey, what: string, modelled = true): BalanceChoice => ({
    algorithm: 'consistent-hash', hashKey, hashing: true, modelled,
    detail: modelled ? `${fields('consistent-hash')}, Balancing.HashKey ${JSON.stringify(hashKey)}${what}` : what,
  });
  if (name === 'roundrobin') return { algorithm: rr, hashing: false, modelled: true, detail: fields(rr, weightsDiffer ? ' (the servers\' weights differ)' : '') };
  if (name === 'static-rr') return { algorithm: 'weighted-round-robin', hashing: false, modelled: true, detail: fields('weighted-round-robin') };
  if (name === 'leastconn') {
    return { algorithm: 'least-outstanding', hashing: false, modelled: true, detail: fields('least-outstanding', weightsDiffer ? "; the servers' weights are not modelled: lbsim's least-outstanding does not weigh" : '') };
  }
  if (name === 'first') {
    return { algorithm: rr, hashing: false, modelled: false, detail: `first (fill each server up to its maxconn in turn) not modelled: ${rr} used instead` };
  }
  const random = /^random(?:\((\d+)\))?$/.exec(name);
  if (random !== null) {
    const draws = random[1] === undefined ? 2 : Number(random[1]);
    if (draws < 1) {
      notes.error(wordSpot(line, word), 'balance', 'random needs at least one draw', 'random or random(<draws>) with draws ≥ 1', name);
      return null;
    }
    if (draws === 1) {
      const algorithm: AlgorithmName = weightsDiffer ? 'weighted-random' : 'random';
      return { algorithm, hashing: false, modelled: true, detail: fields(algorithm) };
    }
    const choices = Math.min(draws, CHOICES_MAX);
    const capped = draws > CHOICES_MAX ? `; ${draws} draws capped at ${CHOICES_MAX}` : '';
    const weights = weightsDiffer ? "; HAProxy's draws follow the weights, lbsim's are unweighted" : '';
    return {
      algorithm: 'least-outstanding', choices, hashing: false, modelled: true,
      detail: `${fields('least-outstanding')}, Balancing.Choices ${choices} (the least loaded of ${draws} random servers${draws === 2 && random[1] === undefined ? ', HAProxy\'s default draws' : ''})${capped}${weights}`,
    };
  }
  if (name === 'source') return hashed('client', ', Traffic.Clients (100 clients, so that a source address repeats)');
  if (name === 'uri') return hashed('path', extra === '' ? '' : ` (${extra} not modelled)`);
  if (name === 'url_param') return hashed('path', `hashing URL parameter ${extra || '?'} not modelled: consistent-hash of the path used instead`, false);
  const header = /^hdr\(([^)]+)\)$/.exec(name);
  if (header !== null) return hashed({ Header: header[1]! }, extra === '' ? '' : ` (${extra} not modelled)`);
  if (name === 'hash') {
    const key = hashExpression(extra);
    return key === null
      ? { algorithm: 'consistent-hash', hashKey: 'path', hashing: true, modelled: false, detail: `hashing "${extra}" not modelled: consistent-hash of the path used instead` }
      : hashed(key, '');
  }
  if (/^rdp-cookie(\(.*\))?$/.test(name) || name === 'log-hash' || name === 'sticky') {
    return { algorithm: rr, hashing: false, modelled: false, detail: `${name} not modelled: ${rr} used instead` };
  }
  notes.error(wordSpot(line, word), 'balance', 'unknown balance algorithm', BALANCE_EXPECTED, name);
  return null;
}

/** What `hash-type` means for the chosen algorithm: applied (consistent) or why not. */
export function hashTypeNote(line: ConfigLine | null, choice: BalanceChoice | null): { applied: boolean; detail: string } {
  const method = line?.words[1]?.text ?? 'map-based';
  const rest = line === null ? '' : line.words.slice(2).map((w) => w.text).join(' ');
  const fn = rest === '' ? '' : `; hash function ${rest} not modelled`;
  if (choice === null || !choice.hashing) {
    return { applied: false, detail: `no effect: the algorithm does not hash${choice?.algorithm === 'least-outstanding' || choice?.algorithm.includes('random') ? ' (random always uses a consistent ring)' : ''}` };
  }
  if (method === 'consistent') return { applied: true, detail: `Balancing.Algorithm consistent-hash${fn}` };
  return { applied: false, detail: `map-based hashing (HAProxy's default) moves most keys when a server goes down; lbsim uses a consistent ring, which moves only that server's keys${fn}` };
}
