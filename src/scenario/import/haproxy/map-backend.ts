// One backend (or listen section) and what it inherits as a complete lbsim scenario with the haproxy
// profile: listener, health check, profile overrides, timeouts, algorithm and instances.

import { readBalance, hashTypeNote, type BalanceChoice } from './balance.js';
import { collect, type Collected } from './collect.js';
import { noteBind, noteFrontend, routesTo } from './frontend.js';
import { readCheckSend, readExpect, readHttpchk, type CheckRequest } from './health.js';
import { mapPool, readPool, type PoolSettings } from './map-servers.js';
import { Notebook, paramText, wordSpot } from './notebook.js';
import type { Section } from './sections.js';
import type { ConfigLine } from './tokenize.js';
import { parseHaproxyTimeMs, parseInteger, scenarioDuration } from './values.js';

const DEFAULT_PORT = 80;
const MAX_RETRIES = 10;
const CLIENTS_FOR_SOURCE_HASH = 100;

const isNegated = (line: ConfigLine) => line.words[0]!.text === 'no';

/** The listening port: the listen section's own bind, else the first frontend routing here. */
function listeningPort(backend: Section, collected: Collected, sections: readonly Section[], notes: Notebook): number | null {
  let port: number | null = null;
  for (const bind of collected.binds) port ??= noteBind(bind, port === null, notes);
  for (const frontend of sections.filter((s) => s.kind === 'frontend' && routesTo(s, backend.name!))) {
    port ??= noteFrontend(frontend, backend.name!, port === null, notes);
  }
  return port;
}

function timeMs(line: ConfigLine | undefined): number | undefined {
  const value = line?.words.at(-1)?.text;
  return value === undefined ? undefined : parseHaproxyTimeMs(value) ?? undefined;
}

/** The check request (`http-check send` over `option httpchk`), noted; the target path. */
function checkPath(collected: Collected, active: boolean, notes: Notebook): { protocol: 'HTTP' | 'TCP'; path: string } {
  const typeLine = collected.settings.get('check-type');
  const sendLine = collected.settings.get('check-send');
  const http = typeLine !== undefined && !isNegated(typeLine) && typeLine.words[1]!.text === 'httpchk';
  const inactive = 'no server has check: HAProxy runs no health checks';
  if (typeLine !== undefined) {
    if (!active) notes.skipLine(typeLine, inactive);
    else if (isNegated(typeLine)) notes.applyLine(typeLine, 'HealthCheck.Target TCP (HTTP checks off)');
    else if (typeLine.words[1]!.text === 'tcp-check') notes.applyLine(typeLine, 'HealthCheck.Target TCP (tcp-check without rules is a connect)');
    else if (!http) notes.skipLine(typeLine, `${typeLine.words[1]!.text}: lbsim probes with a TCP connect (HealthCheck.Target TCP)`);
  }
  if (sendLine !== undefined && (!active || !http)) notes.skipLine(sendLine, active ? 'needs option httpchk: no HTTP check here' : inactive);
  if (!http || !active) return { protocol: 'TCP', path: '' };
  let request: CheckRequest = readHttpchk(typeLine!, 2);
  let requestLine = typeLine!;
  if (sendLine !== undefined) {
    notes.applyLine(typeLine!, 'HealthCheck.Target HTTP (request from http-check send)');
    request = readCheckSend(sendLine);
    requestLine = sendLine;
  }
  let path = request.uri?.text ?? '/';
  if (!path.startsWith('/')) {
    notes.skip(wordSpot(requestLine, request.uri!), request.uri!.text, 'a check URI that is not a path: lbsim probes "/"');
    path = '/';
  }
  notes.applyLine(requestLine, 'HealthCheck.Target');
  const method = request.method?.text ?? 'OPTIONS';
  if (method !== 'GET') {
    const spot = request.method === null ? { line: requestLine.line, column: requestLine.words.at(-1)!.column + 1 } : wordSpot(requestLine, request.method);
    notes.skip(spot, request.method?.text ?? '(no method)', `method ${method}${request.method === null ? ", HAProxy's default" : ''}: lbsim probes with GET; the pass rule is the same`);
  }
  if (request.extras.length > 0) {
    notes.skip(wordSpot(requestLine, request.extras[0]!), request.extras.map((w) => w.text).join(' '), 'HTTP version, headers and body of the check request not modelled');
  }
  return { protocol: 'HTTP', path };
}

function healthCheck(collected: Collected, pool: PoolSettings, active: boolean, listenPort: number, instancePort: number, notes: Notebook): Record<string, unknown> | null {
  const { protocol, path } = checkPath(collected, active, notes);
  const timeoutLine = collected.settings.get('timeout check');
  if (!active) {
    if (timeoutLine !== undefined) notes.skipLine(timeoutLine, 'no server has check: HAProxy runs no health checks');
    return null;
  }
  const port = pool.health.checkPort ?? instancePort ?? listenPort;
  const check: Record<string, unknown> = { Target: protocol === 'HTTP' ? `HTTP:${port}${path}` : `TCP:${port}` };
  if (pool.health.interMs !== undefined) check['Interval'] = scenarioDuration(pool.health.interMs);
  const timeoutMs = timeMs(timeoutLine);
  if (timeoutMs !== undefined) {
    check['Timeout'] = scenarioDuration(timeoutMs);
    notes.applyLine(timeoutLine!, 'HealthCheck.Timeout (HAProxy also caps the check connect at min(timeout connect, inter))');
  }
  if (pool.health.rise !== undefined) check['HealthyThreshold'] = pool.health.rise;
  if (pool.health.fall !== undefined) check['UnhealthyThreshold'] = pool.health.fall;
  return check;
}

/** Notes and values of the lines that become Profile overrides and timeouts. */
function profileAndTimeouts(collected: Collected, active: boolean, notes: Notebook) {
  const { settings } = collected;
  const profile: Record<string, unknown> = {};
  const connect = settings.get('timeout connect');
  const connectMs = timeMs(connect);
  if (connectMs !== undefined && connectMs > 0) {
    profile['ConnectTimeout'] = scenarioDuration(connectMs);
    notes.applyLine(connect!, 'Profile.ConnectTimeout');
  } else if (connect !== undefined) notes.skipLine(connect, 'a zero timeout means none: lbsim keeps the profile default');
  const server = settings.get('timeout server');
  const serverMs = timeMs(server);
  let idleTimeout: number | string | null = null;
  if (serverMs !== undefined && serverMs > 0) {
    idleTimeout = scenarioDuration(serverMs);
    notes.applyLine(server!, 'LoadBalancerAttributes.ConnectionSettings.IdleTimeout');
  } else if (server !== undefined) notes.skipLine(server, 'a zero timeout means none: lbsim keeps the profile default');

  const retries = settings.get('retries');
  if (retries !== undefined) {
    const value = retries.words[1];
    const n = value === undefined ? null : parseInteger(value.text, 0, 2_147_483_647);
    if (n === null) notes.error(wordSpot(retries, value ?? retries.words[0]!), 'retries', 'invalid retries', 'an integer ≥ 0', value?.text ?? 'nothing');
    else {
      profile['Retries'] = Math.min(n, MAX_RETRIES);
      notes.applyLine(retries, n > MAX_RETRIES ? `Profile.Retries ${MAX_RETRIES} (lbsim's most; the file says ${n})` : 'Profile.Retries');
    }
  }
  const redispatch = settings.get('redispatch');
  if (redispatch !== undefined) {
    const intervalWord = redispatch.words[isNegated(redispatch) ? 3 : 2];
    const interval = intervalWord === undefined ? -1 : Number(intervalWord.text);
    if (!Number.isInteger(interval)) notes.error(wordSpot(redispatch, intervalWord!), 'option redispatch', 'invalid interval', 'an integer (negative: the last retries, 0: never)', intervalWord!.text);
    const on = !isNegated(redispatch) && interval !== 0;
    profile['Redispatch'] = on;
    notes.applyLine(redispatch, `Profile.Redispatch ${on}${on && interval !== -1 ? ` (interval ${interval} not modelled: lbsim redispatches as HAProxy does by default)` : ''}`);
  }
  const expect = settings.get('expect');
  if (expect !== undefined) {
    const result = readExpect(expect);
    if (!active) notes.skipLine(expect, 'no server has check: HAProxy runs no health checks');
    else if ('matcher' in result) {
      profile['Matcher'] = result.matcher;
      notes.applyLine(expect, 'Profile.Matcher');
    } else notes.skipLine(expect, result.notModelled);
  }
  return { profile, idleTimeout };
}

function noteMode(collected: Collected, notes: Notebook): void {
  const mode = collected.settings.get('mode');
  if (mode === undefined) return;
  const value = mode.words[1]?.text;
  if (value === 'http') notes.applyLine(mode, 'Listeners[0].Protocol HTTP');
  else notes.skipLine(mode, `mode ${value ?? '?'}: lbsim models HTTP; imported as HTTP`);
}

function noteBalance(collected: Collected, choice: BalanceChoice | null, notes: Notebook): void {
  const balance = collected.settings.get('balance');
  if (balance !== undefined && choice !== null) {
    if (choice.modelled) notes.applyLine(balance, choice.detail);
    else notes.skipLine(balance, choice.detail);
  }
  const hashType = collected.settings.get('hash-type');
  const hashing = hashTypeNote(hashType ?? null, choice);
  if (hashType !== undefined) {
    if (hashing.applied) notes.applyLine(hashType, hashing.detail);
    else notes.skipLine(hashType, hashing.detail);
  } else if (balance !== undefined && choice?.hashing && choice.modelled) {
    // The default hash-type has no line of its own: say it on the balance line's algorithm word.
    notes.skip(wordSpot(balance, balance.words[1]!), `${balance.words[1]!.text} (hash-type map-based)`, hashing.detail);
  }
}

/** The scenario for one backend or listen section; null when the file has errors. */
export function mapBackend(backend: Section, sections: readonly Section[], file: string, notes: Notebook): Record<string, unknown> | null {
  const collected = collect(backend, notes);
  notes.applyLine(backend.header, 'Name, LoadBalancerName, Instances');
  const pool = readPool(collected.servers, notes);
  const balanceLine = collected.settings.get('balance');
  const choice = balanceLine === undefined ? null : readBalance(balanceLine, pool.weightsDiffer, notes);
  const algorithm = choice?.algorithm ?? (pool.weightsDiffer ? 'weighted-round-robin' : 'round-robin');
  const listenPort = listeningPort(backend, collected, sections, notes);
  const firstPort = pool.imported[0]?.port ?? null;
  const lbPort = listenPort ?? DEFAULT_PORT;
  const instancePort = firstPort ?? lbPort;
  const poolSettings = mapPool(pool, algorithm, instancePort, notes);
  for (const { params } of collected.defaultServerLines) {
    for (const param of params) notes.skip(wordSpot(param.line, param.keyword), paramText(param.keyword, param.value), 'used by no imported server');
  }
  for (const { line } of collected.defaultServerLines) notes.applyLine(line, 'parameters for the servers after it');
  noteMode(collected, notes);
  noteBalance(collected, choice, notes);
  const health = healthCheck(collected, poolSettings, pool.activeChecks, lbPort, instancePort, notes);
  const { profile, idleTimeout } = profileAndTimeouts(collected, pool.activeChecks, notes);
  if (notes.errors.length > 0) return null;

  if (!pool.activeChecks) profile['ActiveChecks'] = false;
  if (poolSettings.health.fastinterMs !== undefined) profile['FastInterval'] = scenarioDuration(poolSettings.health.fastinterMs);
  if (poolSettings.health.downinterMs !== undefined) profile['DownInterval'] = scenarioDuration(poolSettings.health.downinterMs);
  const balancing: Record<string, unknown> = {};
  if (choice !== null || pool.weightsDiffer) balancing['Algorithm'] = algorithm;
  if (choice?.choices !== undefined) balancing['Choices'] = choice.choices;
  if (choice?.hashKey !== undefined) balancing['HashKey'] = choice.hashKey;
  if (poolSettings.slowStart !== null) balancing['SlowStart'] = poolSettings.slowStart;

  const name = backend.name!;
  return {
    Name: name,
    Description: `Imported from ${file.split(/[\\/]/).pop() ?? file} (HAProxy ${backend.kind} ${name})`,
    Duration: '10m',
    Seed: 1,
    Profile: Object.keys(profile).length === 0 ? 'haproxy' : { Base: 'haproxy', ...profile },
    LoadBalancerName: name,
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: lbPort, InstanceProtocol: 'HTTP', InstancePort: instancePort }],
    ...(health === null ? {} : { HealthCheck: health }),
    ...(idleTimeout === null ? {} : { LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: idleTimeout } } }),
    ...(Object.keys(balancing).length === 0 ? {} : { Balancing: balancing }),
    Instances: poolSettings.instances,
    // Hashing on the client needs a client population, or every request would be a new client.
    Traffic: { Rate: 10, Arrival: 'poisson', ...(choice?.hashKey === 'client' ? { Clients: { Count: CLIENTS_FOR_SOURCE_HASH } } : {}) },
  };
}
