// One pass over the chosen backend's lines and the defaults it inherits: settings that a later line
// overrides (the earlier one is noted as overridden), servers with default-server parameters, and
// notes for every line that sets nothing lbsim models.

import { Notebook, lineSpot } from './notebook.js';
import { keywordReason, optionReason, timeoutReason } from './reasons.js';
import { defaultsChain, type Section } from './sections.js';
import { mergeParams, readParams, readServerLine, type Param, type ServerSpec } from './servers.js';
import type { ConfigLine } from './tokenize.js';
import { parseHaproxyTimeMs, TIME_EXPECTED } from './values.js';

/** Settings lbsim maps, each the line that set it last. */
export type SettingKey =
  | 'balance' | 'hash-type' | 'mode' | 'timeout connect' | 'timeout server' | 'timeout check' | 'retries'
  | 'redispatch' | 'check-type' | 'check-send' | 'expect';

export interface Collected {
  settings: Map<SettingKey, ConfigLine>;
  servers: ServerSpec[];
  defaultServerLines: Array<{ line: ConfigLine; params: Param[] }>;
  binds: ConfigLine[];
}

const MODELLED_TIMEOUTS = new Set(['connect', 'server', 'check']);
const CHECK_TYPES = new Set(['httpchk', 'tcp-check', 'ssl-hello-chk', 'mysql-check', 'pgsql-check', 'redis-check', 'smtpchk', 'ldap-check', 'spop-check', 'external-check']);
const OLD_TIMEOUTS: Record<string, string> = { contimeout: 'connect', srvtimeout: 'server', clitimeout: 'client' };

export function collect(backend: Section, notes: Notebook): Collected {
  const settings = new Map<SettingKey, ConfigLine>();
  const owner = new Map<ConfigLine, Section>();
  const servers: ServerSpec[] = [];
  const defaultServerLines: Collected['defaultServerLines'] = [];
  const binds: ConfigLine[] = [];
  let defaultServer = new Map<string, Param>();

  const set = (key: SettingKey, line: ConfigLine, section: Section) => {
    const previous = settings.get(key);
    if (previous !== undefined) {
      // HAProxy 2.2+ runs several `http-check expect` rules of one section in turn; lbsim has one Matcher.
      if (key === 'expect' && owner.get(previous) === section) return notes.skipLine(line, 'a further expect rule: lbsim judges a check by the first one');
      notes.skipLine(previous, `overridden by line ${line.line}`);
    }
    settings.set(key, line);
    owner.set(line, section);
  };

  const timeout = (name: string, line: ConfigLine, valueAt: number, section: Section) => {
    const value = line.words[valueAt];
    if (value === undefined || parseHaproxyTimeMs(value.text) === null) {
      const at = value ?? line.words[valueAt - 1]!;
      return notes.error({ line: line.line, column: at.column }, `timeout ${name}`, 'invalid time', TIME_EXPECTED, value?.text ?? 'nothing');
    }
    if (MODELLED_TIMEOUTS.has(name)) set(`timeout ${name}` as SettingKey, line, section);
    else notes.skipLine(line, timeoutReason(name));
  };

  const readLine = (line: ConfigLine, section: Section) => {
    const inDefaults = section.kind === 'defaults';
    const words = line.words.map((w) => w.text);
    const negated = words[0] === 'no' || words[0] === 'default';
    const [kw = '', second = ''] = negated ? words.slice(1) : words;
    if (kw === 'server' || kw === 'server-template') {
      if (inDefaults) return notes.error(lineSpot(line), kw, `${kw} is not allowed in a defaults section`);
      servers.push(...(readServerLine(line, defaultServer, notes) ?? []));
    } else if (kw === 'default-server') {
      const params = readParams(line, 1);
      defaultServer = mergeParams(defaultServer, params);
      defaultServerLines.push({ line, params });
    } else if (kw === 'balance' || kw === 'hash-type' || kw === 'mode' || kw === 'retries') set(kw, line, section);
    else if (kw === 'timeout') timeout(second, line, 2, section);
    else if (kw in OLD_TIMEOUTS) timeout(OLD_TIMEOUTS[kw]!, line, 1, section);
    else if (kw === 'option' && second === 'redispatch') set('redispatch', line, section);
    else if (kw === 'option' && CHECK_TYPES.has(second)) set('check-type', line, section);
    else if (kw === 'option') notes.skipLine(line, optionReason(second));
    else if (kw === 'http-check' && second === 'expect') set('expect', line, section);
    else if (kw === 'http-check' && second === 'send') set('check-send', line, section);
    else if (kw === 'http-check' && second === 'disable-on-404') notes.skipLine(line, 'a 404 puts a server in drain: not modelled');
    else if (kw === 'http-check') notes.skipLine(line, `http-check ${second}: lbsim's probe is one request judged by its status`);
    else if (kw === 'tcp-check') notes.skipLine(line, "tcp-check rules: lbsim's TCP check is a connect");
    else if (kw === 'bind' && section.kind === 'listen') binds.push(line);
    else if (kw === 'default_backend' || kw === 'use_backend') notes.skipLine(line, 'routing to another backend: not imported');
    else notes.skipLine(line, keywordReason(kw));
  };

  const chain = defaultsChain(backend);
  for (const defaults of chain) {
    notes.applyLine(defaults.header, `defaults inherited by ${backend.kind} ${backend.name}`);
    // A defaults section without `from` starts afresh: default-server parameters do not carry over.
    if (defaults.defaults === null) defaultServer = new Map();
    for (const line of defaults.body) readLine(line, defaults);
  }
  for (const line of backend.body) readLine(line, backend);
  return { settings, servers, defaultServerLines, binds };
}
