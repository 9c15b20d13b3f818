// An nginx `upstream` block mapped to lbsim: one instance per `server` line, the balancing method
// (least_conn, ip_hash, hash, random) as Balancing, and max_fails/fail_timeout as the profile's
// passive-check settings. Sources: ngx_http_upstream_module docs and ngx_http_upstream_server().

import type { Notes } from './notes.js';
import { parseNginxTimeMs, TIME_EXPECTED } from './time.js';
import { expanded, type Arg, type Directive } from './tree.js';

export interface MappedPool {
  instances: Array<{ InstanceId: string; Weight?: number; Registered?: false }>;
  balancing: Record<string, unknown>;
  /** The first server's port: lbsim has one InstancePort for the pool. */
  instancePort: number;
  maxFails: number | null;
  failTimeoutMs: number | null;
}

/** nginx's defaults per server: `weight = 1; max_fails = 1; fail_timeout = 10;` */
const DEFAULT_MAX_FAILS = 1;
const DEFAULT_FAIL_TIMEOUT_MS = 10_000;
const DEFAULT_PORT = 80;

interface ServerLine {
  directive: Directive;
  id: string;
  port: number;
  weight: number;
  maxFails: number | null;
  failTimeoutMs: number | null;
  backup: boolean;
  down: boolean;
  /** Parameters read but not modelled, said in the server line's note. */
  caveats: string[];
}

const NOT_MODELLED_PARAMS: Record<string, string> = {
  max_conns: 'max_conns not modelled (lbsim has no per-server connection cap; an instance\'s own Concurrency and Backlog limit it)',
  slow_start: 'slow_start is NGINX Plus only (open-source nginx rejects it)',
  resolve: 'resolve (re-resolving the name) not modelled',
  service: 'service (DNS SRV) not modelled',
  route: 'route (sticky route) not modelled',
  drain: 'drain is NGINX Plus only',
};

/** `host:port`, `[v6]:port`, `host` or `unix:/path` → an instance id and its port. */
function parseAddress(text: string): { id: string; port: number } | { error: string } {
  if (text.startsWith('unix:')) return { id: text, port: DEFAULT_PORT };
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const match = v6 ?? plain;
  if (match === null) return { error: 'not an address' };
  const host = v6 !== null ? `[${match[1]}]` : match[1]!;
  const port = match[2] === undefined ? DEFAULT_PORT : Number(match[2]);
  if (!(port >= 1 && port <= 65535)) return { error: 'port out of range' };
  return { id: `${host}:${port}`, port };
}

function parseServer(d: Directive, notes: Notes): ServerLine | null {
  const address = d.args[0];
  if (address === undefined || address.text.includes('=') || address.text === 'backup' || address.text === 'down') {
    notes.error(d, address ?? null, 'a server line needs an address first', 'an address such as 10.0.0.1:8080', address?.text ?? 'nothing');
    return null;
  }
  const parsed = parseAddress(address.text);
  if ('error' in parsed) {
    notes.error(d, address, `invalid server address: ${parsed.error}`, 'host, host:port, [ipv6]:port or unix:/path', address.text);
    return null;
  }
  const line: ServerLine = { directive: d, id: parsed.id, port: parsed.port, weight: 1, maxFails: null, failTimeoutMs: null, backup: false, down: false, caveats: [] };
  let ok = true;
  const count = (arg: Arg, value: string, min: number): number | null => {
    const n = /^\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(n) && n >= min) return n;
    notes.error(d, arg, `invalid value in "${arg.text}"`, min === 1 ? 'a whole number ≥ 1' : 'a whole number ≥ 0', value);
    ok = false;
    return null;
  };
  for (const arg of d.args.slice(1)) {
    const [key = '', value = ''] = arg.text.includes('=') ? [arg.text.slice(0, arg.text.indexOf('=')), arg.text.slice(arg.text.indexOf('=') + 1)] : [arg.text];
    if (key === 'weight') line.weight = count(arg, value, 1) ?? 1;
    else if (key === 'max_fails') line.maxFails = count(arg, value, 0);
    else if (key === 'fail_timeout') {
      line.failTimeoutMs = parseNginxTimeMs(value, 'seconds');
      if (line.failTimeoutMs === null) {
        notes.error(d, arg, 'invalid fail_timeout', TIME_EXPECTED.seconds, value);
        ok = false;
      }
    } else if (arg.text === 'backup') line.backup = true;
    else if (arg.text === 'down') line.down = true;
    else if (NOT_MODELLED_PARAMS[key] !== undefined) line.caveats.push(NOT_MODELLED_PARAMS[key]!);
    else {
      notes.error(d, arg, `invalid parameter "${arg.text}"`, 'weight=, max_fails=, fail_timeout=, max_conns=, backup or down', arg.text);
      ok = false;
    }
  }
  return ok ? line : null;
}

/** `hash KEY`: the keys lbsim can hash; anything else is not modelled. */
function hashKeyOf(key: string): string | { Header: string } | null {
  if (key === '$request_uri' || key === '$uri') return 'path';
  if (key === '$remote_addr' || key === '$binary_remote_addr') return 'client';
  const header = /^\$http_([a-z0-9_]+)$/i.exec(key);
  // nginx's $http_NAME is the header NAME with "-" written as "_".
  if (header !== null) return { Header: header[1]!.replace(/_/g, '-') };
  return null;
}

interface Method {
  directive: Directive;
  kind: 'least_conn' | 'ip_hash' | 'hash' | 'random' | 'random-two';
  hashKey?: string | { Header: string };
  caveat?: string;
}

function parseMethod(d: Directive, notes: Notes): Method | 'not-modelled' | null {
  const args = d.args.map((a) => a.text);
  const fail = (arg: Arg | null, message: string, expected: string, actual: string): null => {
    notes.error(d, arg, message, expected, actual);
    return null;
  };
  if (d.name === 'least_conn' || d.name === 'ip_hash') {
    if (args.length > 0) return fail(d.args[0]!, `${d.name} takes no arguments`, 'no arguments', args.join(' '));
    return { directive: d, kind: d.name };
  }
  if (d.name === 'hash') {
    if (args.length < 1 || args.length > 2 || (args.length === 2 && args[1] !== 'consistent')) {
      return fail(d.args[1] ?? null, 'hash takes a key and optionally "consistent"', 'hash KEY [consistent]', args.join(' '));
    }
    const key = hashKeyOf(args[0]!);
    if (key === null) return 'not-modelled';
    const caveat = args[1] === 'consistent' ? undefined : 'without "consistent" nginx hashes modulo the server count, so a change of servers remaps most keys; lbsim uses a ring';
    return { directive: d, kind: 'hash', hashKey: key, ...(caveat === undefined ? {} : { caveat }) };
  }
  // random [two [least_conn|least_time=header|last_byte]]
  if (args.length === 0) return { directive: d, kind: 'random' };
  if (args[0] !== 'two' || args.length > 2) return fail(d.args[0]!, 'invalid random parameters', 'random [two [least_conn]]', args.join(' '));
  if (args.length === 2 && args[1] !== 'least_conn') {
    if (!args[1]!.startsWith('least_time=')) return fail(d.args[1]!, 'invalid random method', 'least_conn', args[1]!);
    return { directive: d, kind: 'random-two', caveat: 'least_time is not modelled: lbsim compares outstanding requests, as least_conn does' };
  }
  return { directive: d, kind: 'random-two' };
}

const METHODS = new Set(['least_conn', 'ip_hash', 'hash', 'random']);

const UPSTREAM_NOT_MODELLED: Record<string, string> = {
  keepalive:
    'lbsim keeps every idle connection to an instance for reuse, without nginx\'s cap of N per worker; without this directive nginx 1.22 opens a new connection per request, which lbsim does not model',
  keepalive_timeout: 'lbsim closes idle upstream connections after IdleTimeout (proxy_read_timeout here); a separate idle time is not modelled',
  keepalive_requests: 'lbsim does not limit the requests per upstream connection',
  keepalive_time: 'lbsim does not limit an upstream connection\'s lifetime',
  zone: 'shared memory between nginx workers; lbsim runs one balancer process',
  resolver: 'DNS re-resolution not modelled',
  resolver_timeout: 'DNS re-resolution not modelled',
  least_time: 'least_time (response-time based) not modelled; round robin is used',
  sticky: 'session persistence by cookie or route is not modelled for nginx',
  queue: 'NGINX Plus request queue not modelled',
  ntlm: 'NTLM connection binding not modelled',
  state: 'NGINX Plus state file not modelled',
};

export function mapUpstream(upstream: Directive, notes: Notes, handled: Set<Directive>): MappedPool {
  const name = upstream.args[0]?.text ?? '';
  const body = expanded(upstream.block ?? []);
  noteIncludes(upstream.block ?? [], notes);
  const servers: ServerLine[] = [];
  let method: Method | null = null;
  for (const d of body) {
    handled.add(d);
    if (d.name === 'server') {
      const line = parseServer(d, notes);
      if (line !== null) servers.push(line);
    } else if (METHODS.has(d.name)) {
      const parsed = parseMethod(d, notes);
      if (parsed === 'not-modelled') notes.skip(d, `hash key ${d.args[0]?.text ?? ''} not modelled (lbsim hashes the client, the path or one header); round robin is used`);
      else if (parsed !== null) {
        // nginx warns "load balancing method redefined" and the later one is used.
        if (method !== null) notes.skip(method.directive, `overridden by ${d.name} at line ${d.at.line}: the later balancing method wins, as in nginx`);
        method = parsed;
      }
    } else if (d.block !== null) notes.skipBlock(d, 'not an upstream setting lbsim reads');
    else notes.skip(d, UPSTREAM_NOT_MODELLED[d.name] ?? 'not about balancing');
  }
  if (servers.length === 0 && !notes.errors.some((e) => e.path === 'server')) {
    notes.error(upstream, upstream.args[0] ?? null, `no servers are inside upstream "${name}"`, 'at least one server line');
  }

  const pool = servers.filter((s) => !s.backup);
  const first = pool[0];
  const weighted = new Set(pool.map((s) => s.weight)).size > 1;
  const ids = new Map<string, number>();
  const instances: MappedPool['instances'] = [];
  for (const s of servers) {
    if (s.backup) {
      notes.skip(s.directive, 'backup server: lbsim has no backup pool; left out');
      continue;
    }
    // The same address twice is two peers to nginx; lbsim needs distinct ids.
    const seen = ids.get(s.id) ?? 0;
    ids.set(s.id, seen + 1);
    const id = seen === 0 ? s.id : `${s.id}#${seen + 1}`;
    const index = instances.length;
    instances.push({ InstanceId: id, ...(weighted ? { Weight: s.weight } : {}), ...(s.down ? { Registered: false as const } : {}) });
    const fields = [`Instances[${index}]${weighted ? ' with Weight' : ''}${s.down ? ', Registered false (down)' : ''}`];
    if (s === first) {
      if (s.maxFails !== null) fields.push(s.maxFails === DEFAULT_MAX_FAILS ? 'max_fails as nginx\'s default' : 'Profile.MaxFails');
      if (s.failTimeoutMs !== null) fields.push(s.failTimeoutMs === DEFAULT_FAIL_TIMEOUT_MS ? 'fail_timeout as nginx\'s default' : 'Profile.FailTimeout');
    } else if (first !== undefined) {
      const effective = (v: number | null, d: number) => v ?? d;
      if (effective(s.maxFails, DEFAULT_MAX_FAILS) !== effective(first.maxFails, DEFAULT_MAX_FAILS)) {
        s.caveats.push(`max_fails differs from the first server's: lbsim has one MaxFails for the pool and uses the first server's (${effective(first.maxFails, DEFAULT_MAX_FAILS)})`);
      }
      if (effective(s.failTimeoutMs, DEFAULT_FAIL_TIMEOUT_MS) !== effective(first.failTimeoutMs, DEFAULT_FAIL_TIMEOUT_MS)) {
        s.caveats.push(`fail_timeout differs from the first server's: lbsim has one FailTimeout for the pool and uses the first server's (${effective(first.failTimeoutMs, DEFAULT_FAIL_TIMEOUT_MS) / 1000}s)`);
      }
    }
    if (s.port !== first?.port) s.caveats.push(`port ${s.port} differs from the first server's: lbsim has one InstancePort (${first?.port})`);
    notes.apply(s.directive, [...fields, ...s.caveats].join('; '));
  }

  const balancing = mapMethod(method, weighted, notes);
  return {
    instances,
    balancing,
    instancePort: first?.port ?? DEFAULT_PORT,
    maxFails: first?.maxFails ?? null,
    failTimeoutMs: first?.failTimeoutMs ?? null,
  };
}

function mapMethod(method: Method | null, weighted: boolean, notes: Notes): Record<string, unknown> {
  const unweighted = weighted ? '; server weights are not used by it (nginx weighs them)' : '';
  const caveat = method?.caveat === undefined ? '' : `; ${method.caveat}`;
  if (method === null) return { Algorithm: weighted ? 'weighted-round-robin' : 'round-robin' };
  const d = method.directive;
  switch (method.kind) {
    case 'least_conn':
      notes.apply(d, `Balancing.Algorithm least-outstanding${unweighted}`);
      return { Algorithm: 'least-outstanding' };
    case 'ip_hash':
      notes.apply(d, 'Balancing.Algorithm consistent-hash, HashKey "client" (nginx hashes the first three octets of an IPv4 address modulo the weights; lbsim hashes the whole client id on a ring)');
      return { Algorithm: 'consistent-hash', HashKey: 'client' };
    case 'hash':
      notes.apply(d, `Balancing.Algorithm consistent-hash, HashKey ${JSON.stringify(method.hashKey)}${caveat}`);
      return { Algorithm: 'consistent-hash', HashKey: method.hashKey };
    case 'random':
      notes.apply(d, `Balancing.Algorithm ${weighted ? 'weighted-random' : 'random'}`);
      return { Algorithm: weighted ? 'weighted-random' : 'random' };
    case 'random-two':
      notes.apply(d, `Balancing.Algorithm power-of-two-choices (two drawn at random, the one with fewer outstanding requests wins)${unweighted}${caveat}`);
      return { Algorithm: 'power-of-two-choices' };
  }
}

/** An include inside the upstream block: noted itself, its directives are read as the block's. */
function noteIncludes(list: readonly Directive[], notes: Notes): void {
  for (const d of list) {
    if (d.name !== 'include' || d.included === undefined) continue;
    notes.apply(d, `read ${(d.includedFiles ?? []).join(', ') || 'no file'} into the upstream block`);
    noteIncludes(d.included, notes);
  }
}
