// `server`, `server-template` and `default-server` lines as data: name, address, port and the
// parameters in effect (a `default-server` line's parameters apply to the servers after it).

import { Notebook, wordSpot } from './notebook.js';
import type { ConfigLine, Word } from './tokenize.js';

export interface Param {
  keyword: Word;
  value: Word | null;
  line: ConfigLine;
}

export interface ServerSpec {
  /** The InstanceId: the server's name (server-template: prefix and number). */
  name: string;
  line: ConfigLine;
  address: Word;
  port: number | null;
  /** Set when the address has a port offset (`+1`) or is a socket: the port cannot be known. */
  portNote: string | null;
  /** The parameters in effect: default-server's, overridden by the line's own; keyed by keyword. */
  params: Map<string, Param>;
  /** The line's own parameters, in order. */
  own: Param[];
}

/** Keywords that take a value (configuration.txt §5.2); any other known keyword is a flag. */
const VALUED = new Set([
  'inter', 'fastinter', 'downinter', 'rise', 'fall', 'weight', 'slowstart', 'maxconn', 'minconn', 'maxqueue',
  'port', 'addr', 'cookie', 'id', 'on-error', 'on-marked-down', 'on-marked-up', 'error-limit', 'observe',
  'resolvers', 'resolve-prefer', 'resolve-net', 'resolve-opts', 'init-addr', 'crt', 'ca-file', 'crl-file',
  'verify', 'verifyhost', 'sni', 'check-sni', 'alpn', 'check-alpn', 'npn', 'agent-port', 'agent-inter',
  'agent-addr', 'agent-send', 'source', 'usesrc', 'track', 'redir', 'proto', 'check-proto', 'pool-max-conn',
  'pool-purge-delay', 'pool-low-conn', 'pool-conn-name', 'max-reuse', 'ws', 'init-state', 'namespace', 'socks4',
  'ciphers', 'ciphersuites', 'curves', 'sigalgs', 'client-sigalgs', 'ssl-min-ver', 'ssl-max-ver', 'tcp-ut',
  'proxy-v2-options', 'set-proxy-v2-tlv-fmt', 'shard', 'guid', 'hash-key', 'log-proto', 'idle-ping', 'interface',
]);

const FLAGS = new Set([
  'check', 'backup', 'disabled', 'enabled', 'ssl', 'check-ssl', 'send-proxy', 'send-proxy-v2', 'send-proxy-v2-ssl',
  'send-proxy-v2-ssl-cn', 'check-send-proxy', 'agent-check', 'non-stick', 'stick', 'tfo', 'allow-0rtt',
  'ssl-reuse', 'tls-tickets', 'check-via-socks4', 'strict-maxconn', 'check-reuse-pool', 'check-pool-conn-name',
]);

export function isKnownServerKeyword(word: string): boolean {
  return VALUED.has(word) || FLAGS.has(word) || word.startsWith('no-') || word.startsWith('force-');
}

/** The parameters from `start` on; an unknown keyword takes the next word as its value unless that is a keyword. */
export function readParams(line: ConfigLine, start: number): Param[] {
  const params: Param[] = [];
  const words = line.words;
  for (let i = start; i < words.length; i++) {
    const keyword = words[i]!;
    const next = words[i + 1];
    const takesValue = VALUED.has(keyword.text) || (!isKnownServerKeyword(keyword.text) && next !== undefined && !isKnownServerKeyword(next.text));
    if (takesValue && next !== undefined) {
      params.push({ keyword, value: next, line });
      i++;
    } else params.push({ keyword, value: null, line });
  }
  return params;
}

/** The port of `ADDR[:PORT]` (`ipv4@`, `ipv6@` prefixes allowed); the last colon splits it off. */
function portOf(address: Word, notes: Notebook, line: ConfigLine): { port: number | null; portNote: string | null } {
  const text = address.text.replace(/^(ipv4|ipv6|tcp|tcp4|tcp6)@/, '');
  if (/^(unix|abns|abnsz|fd|sockpair|udp|quic4|quic6)@/.test(text) || text.startsWith('/')) {
    return { port: null, portNote: 'a socket address: no TCP port' };
  }
  const colon = text.lastIndexOf(':');
  const portText = colon < 0 ? '' : text.slice(colon + 1).replace(/^\]$/, '');
  if (colon < 0 || portText === '' || text.endsWith(']')) return { port: null, portNote: null };
  if (/^[+-]\d+$/.test(portText)) return { port: null, portNote: `port offset ${portText}: follows the client's port` };
  if (portText.includes('$')) return { port: null, portNote: `port ${portText} from the environment: unknown here, the listener's port is used` };
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    notes.error(wordSpot(line, address), 'server', 'invalid port', 'a port 1–65535', portText);
    return { port: null, portNote: null };
  }
  return { port, portNote: null };
}

/** A flag and the keyword that cancels it: `no-check` cancels `check`, `enabled` cancels `disabled`. */
function opposite(keyword: string): string | null {
  if (keyword === 'enabled') return 'disabled';
  if (keyword === 'disabled') return 'enabled';
  if (keyword.startsWith('no-')) return keyword.slice(3);
  return FLAGS.has(keyword) ? `no-${keyword}` : null;
}

/** Merges `default-server` parameters: a later keyword replaces the earlier one, `no-X` cancels X. */
export function mergeParams(base: ReadonlyMap<string, Param>, own: readonly Param[]): Map<string, Param> {
  const merged = new Map(base);
  for (const param of own) {
    const cancelled = opposite(param.keyword.text);
    if (cancelled !== null) merged.delete(cancelled);
    merged.set(param.keyword.text, param);
  }
  return merged;
}

/**
 * One `server NAME ADDR[:PORT] [params]` or `server-template PREFIX NUM|FROM-TO FQDN[:PORT] [params]`
 * line as one server spec per server; null when the line is malformed (an error is recorded).
 */
export function readServerLine(line: ConfigLine, defaults: ReadonlyMap<string, Param>, notes: Notebook): ServerSpec[] | null {
  const [keyword, first, second, third] = line.words;
  const template = keyword!.text === 'server-template';
  const address = template ? third : second;
  if (first === undefined || address === undefined || (!template && isKnownServerKeyword(address.text))) {
    const at = address ?? first ?? keyword!;
    notes.error(wordSpot(line, at), keyword!.text, `${keyword!.text} line without an address`,
      template ? 'server-template <prefix> <num | range> <fqdn>[:<port>] [params]' : 'server <name> <address>[:<port>] [params]',
      address?.text ?? 'nothing');
    return null;
  }
  const { port, portNote } = portOf(address, notes, line);
  const own = readParams(line, template ? 4 : 3);
  const params = mergeParams(defaults, own);
  if (!template) return [{ name: first.text, line, address, port, portNote, params, own }];
  const range = /^(\d+)(?:-(\d+))?$/.exec(second!.text);
  const from = range === null ? NaN : range[2] === undefined ? 1 : Number(range[1]);
  const to = range === null ? NaN : Number(range[2] ?? range[1]);
  if (!(from >= 1 && to >= from && to - from < 1000)) {
    notes.error(wordSpot(line, second!), 'server-template', 'invalid server count', 'a number or a range such as 1-3', second!.text);
    return null;
  }
  const specs: ServerSpec[] = [];
  for (let n = from; n <= to; n++) specs.push({ name: `${first.text}${n}`, line, address, port, portNote, params, own });
  return specs;
}

/** Why a server parameter lbsim does not model is left out, in a few words. */
export function serverParamReason(keyword: string): string {
  if (['maxconn', 'minconn', 'maxqueue', 'strict-maxconn'].includes(keyword)) return 'per-server connection limit and queue: lbsim instances have their own Concurrency and Backlog';
  if (keyword === 'cookie') return 'cookie persistence not modelled';
  if (keyword === 'check-ssl' || keyword === 'check-sni' || keyword === 'check-alpn') return 'checks over TLS: lbsim probes in plain HTTP or TCP';
  if (/^(ssl|verify|verifyhost|crt|ca-file|crl-file|sni|alpn|npn|ciphers|ciphersuites|curves|sigalgs|client-sigalgs|ssl-|tls-|force-|no-ssl|no-tls|allow-0rtt)/.test(keyword)) return 'TLS to the server not modelled';
  if (keyword.includes('send-proxy') || keyword.includes('proxy-v2')) return 'PROXY protocol not modelled';
  if (keyword === 'addr') return 'a separate check address: lbsim probes the server itself';
  if (keyword.startsWith('agent-')) return 'agent checks not modelled';
  if (['observe', 'error-limit', 'on-error'].includes(keyword)) return 'passive health (observe) not modelled';
  if (keyword === 'on-marked-down' || keyword === 'on-marked-up') return 'session actions on a state change not modelled; lbsim lets in-flight requests finish';
  if (keyword.startsWith('resolve') || keyword === 'init-addr') return 'DNS resolution: the server is taken as written';
  if (keyword === 'track') return "tracking another server's checks not modelled; this server is checked itself";
  if (keyword.startsWith('pool-') || keyword === 'max-reuse' || keyword === 'idle-ping') return 'connection pooling not modelled';
  if (keyword === 'init-state') return 'initial state not modelled: lbsim starts every server up';
  if (keyword === 'id' || keyword === 'guid' || keyword === 'hash-key') return 'an identifier: no effect in lbsim';
  return 'not modelled';
}
