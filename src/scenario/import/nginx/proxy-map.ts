// The proxy_* settings that reach the chosen location: http, then server, then each enclosing
// location, the innermost definition winning as nginx merges them. Mapped to retries, retry
// reasons and timeouts; sources: ngx_http_proxy_module docs, lb-semantics.md §5.2 and §7 item 1.

import type { Reason } from '../../../model/outcome.js';
import type { Notes } from './notes.js';
import { parseNginxTimeMs, TIME_EXPECTED } from './time.js';
import type { Directive } from './tree.js';

export interface MappedProxy {
  /** Profile.RetryOn (no 5xx) or Balancing.RetryOn (with "5xx"); undefined: nginx's default. */
  retryOn?: Reason[];
  retry5xx: boolean;
  retries?: number;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
}

/** What each proxy_next_upstream condition covers in lbsim's reasons (the brief's mapping, §5.2). */
const CONDITION_REASONS: Record<string, readonly Reason[]> = {
  error: ['ConnectRefused', 'UpstreamReset', 'KeepAliveRace'],
  timeout: ['ConnectTimeout', 'ResponseTimeout'],
  invalid_header: ['MalformedResponse'],
};
const FIVE_XX = new Set(['http_500', 'http_502', 'http_503', 'http_504']);
const ACCEPTED = new Set(['error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429', 'non_idempotent', 'denied', 'updating', 'off']);
const REASON_ORDER: readonly Reason[] = ['ConnectRefused', 'ConnectTimeout', 'ResponseTimeout', 'UpstreamReset', 'KeepAliveRace', 'MalformedResponse'];
const MAX_RETRIES = 10;

const MAPPED = ['proxy_next_upstream', 'proxy_next_upstream_tries', 'proxy_next_upstream_timeout', 'proxy_connect_timeout', 'proxy_read_timeout'] as const;
type Mapped = (typeof MAPPED)[number];

/**
 * `levels`: the directives of each context from the outside in (http, server, locations), with
 * includes expanded. Every mapped directive found is noted and added to `handled`.
 */
export function mapProxy(levels: ReadonlyArray<readonly Directive[]>, notes: Notes, handled: Set<Directive>): MappedProxy {
  const result: MappedProxy = { retry5xx: false };
  for (const name of MAPPED) {
    let winners: Directive[] = [];
    for (const level of levels) {
      const here = level.filter((d) => d.name === name);
      if (here.length > 0) winners = here;
    }
    for (const level of levels) {
      for (const d of level.filter((x) => x.name === name)) {
        handled.add(d);
        if (!winners.includes(d)) notes.skip(d, `overridden by ${name} at ${winners[0]!.at.file}:${winners[0]!.at.line} (the innermost block wins, as nginx merges them)`);
      }
    }
    const [winner, ...others] = winners;
    if (winner === undefined) continue;
    if (name === 'proxy_next_upstream') {
      // A bitmask directive: nginx ORs a second one in the same block into the first.
      nextUpstream(winners, notes, result);
      continue;
    }
    // The others are slot directives: a second one in the same block is "is duplicate".
    for (const extra of others) notes.error(extra, null, `"${name}" directive is duplicate`, `one ${name} per block`, `another at line ${winner.at.line}`);
    applyOne(name, winner, notes, result);
  }
  return result;
}

function applyOne(name: Exclude<Mapped, 'proxy_next_upstream'>, d: Directive, notes: Notes, result: MappedProxy): void {
  const arg = d.args[0];
  if (arg === undefined || d.args.length > 1) {
    notes.error(d, d.args[1] ?? null, `invalid number of arguments in "${name}"`, 'one value', `${d.args.length}`);
    return;
  }
  const time = (): number | null => {
    const ms = parseNginxTimeMs(arg.text, 'milliseconds');
    if (ms === null) notes.error(d, arg, `invalid value for ${name}`, TIME_EXPECTED.milliseconds, arg.text);
    return ms;
  };
  switch (name) {
    case 'proxy_next_upstream_tries': {
      const tries = /^\d+$/.test(arg.text) ? Number(arg.text) : NaN;
      if (!Number.isSafeInteger(tries)) return notes.error(d, arg, 'invalid value for proxy_next_upstream_tries', 'a whole number ≥ 0 (0: unlimited)', arg.text);
      if (tries === 0) return notes.apply(d, 'nothing: 0 means unlimited, every server once, which is lbsim\'s nginx default');
      result.retries = Math.min(tries - 1, MAX_RETRIES);
      const capped = tries - 1 > MAX_RETRIES ? ` (capped from ${tries - 1}: lbsim allows at most ${MAX_RETRIES} retries)` : '';
      return notes.apply(d, `Profile.Retries ${result.retries}: tries count the first attempt${capped}`);
    }
    case 'proxy_next_upstream_timeout':
      if (time() === null) return;
      return notes.skip(d, 'lbsim has no limit on the total time spent passing a request to the next server');
    case 'proxy_connect_timeout': {
      const ms = time();
      if (ms === null) return;
      if (ms === 0) return notes.error(d, arg, 'proxy_connect_timeout must be greater than 0', 'a duration > 0', arg.text);
      result.connectTimeoutMs = ms;
      return notes.apply(d, 'Profile.ConnectTimeout');
    }
    case 'proxy_read_timeout': {
      const ms = time();
      if (ms === null) return;
      if (ms === 0) return notes.error(d, arg, 'proxy_read_timeout must be greater than 0', 'a duration > 0', arg.text);
      result.readTimeoutMs = ms;
      return notes.apply(d, 'LoadBalancerAttributes.ConnectionSettings.IdleTimeout (nginx times each read; lbsim times the whole response)');
    }
  }
}

function nextUpstream(directives: readonly Directive[], notes: Notes, result: MappedProxy): void {
  const d = directives[0]!;
  const args = directives.flatMap((x) => x.args);
  for (const x of directives) {
    if (x.args.length === 0) return notes.error(x, null, 'invalid number of arguments in "proxy_next_upstream"', 'one or more conditions', '0');
  }
  for (const x of directives.slice(1)) notes.apply(x, `combined with the proxy_next_upstream at line ${d.at.line} (nginx adds the conditions together)`);
  const words = args.map((a) => a.text);
  const bad = args.find((a) => !ACCEPTED.has(a.text));
  if (bad !== undefined) {
    const holder = directives.find((x) => x.args.includes(bad))!;
    return notes.error(holder, bad, `invalid value "${bad.text}" in proxy_next_upstream`, 'error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent or off', bad.text);
  }
  // nginx: "off" cancels every other condition (ngx_http_proxy_merge_loc_conf).
  if (words.includes('off')) {
    result.retryOn = [];
    return notes.apply(d, 'Profile.RetryOn [] (off: never pass a request to the next server)');
  }
  const reasons = new Set(words.flatMap((w) => CONDITION_REASONS[w] ?? []));
  result.retryOn = REASON_ORDER.filter((r) => reasons.has(r));
  result.retry5xx = words.some((w) => FIVE_XX.has(w));
  const fields = [`${result.retry5xx ? 'Balancing' : 'Profile'}.RetryOn ${JSON.stringify(result.retryOn)}${result.retry5xx ? ' and "5xx"' : ''}`];
  const listed5xx = words.filter((w) => FIVE_XX.has(w));
  if (result.retry5xx && listed5xx.length < FIVE_XX.size) {
    fields.push(`lbsim's one "5xx" condition retries any 5xx answer, not only ${listed5xx.join(', ')}`);
  }
  if (result.retry5xx) fields.push('a listed 5xx does not count toward max_fails in lbsim (nginx counts it)');
  const unmodelled: string[] = [];
  if (words.includes('http_429')) unmodelled.push('http_429 (lbsim retries no 4xx)');
  if (words.includes('http_403') || words.includes('http_404')) unmodelled.push('http_403/http_404 (lbsim retries no 4xx)');
  if (words.includes('non_idempotent')) unmodelled.push('non_idempotent (lbsim\'s nginx profile never resends a POST, LOCK or PATCH once sent)');
  if (words.includes('denied')) unmodelled.push('denied (NGINX Plus queue)');
  if (words.includes('updating')) unmodelled.push('updating (proxy cache)');
  if (unmodelled.length > 0) fields.push(`not modelled: ${unmodelled.join(', ')}`);
  notes.apply(d, fields.join('; '));
}
