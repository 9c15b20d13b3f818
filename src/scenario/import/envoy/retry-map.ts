// A route's (or virtual host's) `retry_policy` → Balancing.Retries, RetryOn, PerTryTimeout. Sources:
// router_filter.rst (x-envoy-retry-on: what each condition covers; one retry when num_retries is
// absent), source/common/router/retry_state_impl.cc (5xx, gateway-error and reset retry every
// stream reset but overflow, which takes in connect failures, protocol errors and per-try timeouts).

import type { Node } from 'yaml';
import { REASONS, type Reason } from '../../../model/outcome.js';
import { mapEntries, seqItems, type MapEntry } from '../yaml-source.js';
import { directiveText, joinPath, visitMap, type EnvoyLog } from './envoy-log.js';
import { durationMs, durationText, text, uint } from './envoy-values.js';
import type { EnvoyDraft } from './draft.js';

const CONNECT_FAILURE: readonly Reason[] = ['ConnectRefused', 'ConnectTimeout'];
/** A reset before the response: the instance closed (UpstreamReset, the keep-alive race) or sent garbage (a codec protocol error). */
const RESETS: readonly Reason[] = ['UpstreamReset', 'KeepAliveRace', 'MalformedResponse'];

interface Condition {
  reasons: readonly Reason[];
  backend5xx: boolean;
  /** Whether an expired per_try_timeout is retried (it is a reset of the attempt). */
  perTry: boolean;
  note: string;
}

const CONDITIONS: Record<string, Condition> = {
  '5xx': { reasons: [...CONNECT_FAILURE, ...RESETS], backend5xx: true, perTry: true, note: 'every 5xx answer, connect failures and resets' },
  'gateway-error': {
    reasons: [...CONNECT_FAILURE, ...RESETS],
    backend5xx: false,
    perTry: true,
    note: 'connect failures and resets; a backend\'s own 502/503/504 is not retried, as lbsim\'s "5xx" would take every 5xx',
  },
  reset: { reasons: [...CONNECT_FAILURE, ...RESETS], backend5xx: false, perTry: true, note: 'no answer at all: connect failures and resets' },
  'connect-failure': { reasons: CONNECT_FAILURE, backend5xx: false, perTry: false, note: 'connect refused or timed out' },
};

const UNMODELLED_CONDITIONS: Record<string, string> = {
  'refused-stream': 'not modelled: an HTTP/2 REFUSED_STREAM; lbsim speaks HTTP/1.1 to instances',
  'retriable-4xx': 'not modelled: lbsim instances do not answer 409',
  'retriable-status-codes': 'not modelled: lbsim retries every backend 5xx or none',
  'retriable-headers': 'not modelled: response headers',
  'envoy-ratelimited': 'not modelled: rate limiting',
  'http3-post-connect-failure': 'not modelled: HTTP/3',
};

const POLICY_REASONS: Record<string, string> = {
  retry_back_off: 'not modelled: lbsim retries at once (Envoy waits 0–24 ms before the first retry by default)',
  rate_limited_retry_back_off: 'not modelled: Retry-After back-off',
  retriable_status_codes: 'not modelled: lbsim retries every backend 5xx or none',
  retriable_headers: 'not modelled: response headers',
  retriable_request_headers: 'not modelled: request headers',
  retry_priority: 'not modelled: lbsim has no priorities',
  host_selection_retry_max_attempts: 'not modelled: lbsim\'s retry picks an untried instance at once',
  per_try_idle_timeout: 'not modelled: a stream idle timeout per try',
  retry_options_predicates: 'not modelled: retry option predicates',
};

const PREVIOUS_HOSTS = 'envoy.retry_host_predicates.previous_hosts';

/** What a retry_policy said, gathered while its keys are visited. */
interface RetryRead {
  reasons: Set<Reason>;
  backend5xx: boolean;
  perTryRetried: boolean;
  perTryMs: number | undefined;
  tokenNotes: Array<() => void>;
  retries: number;
  retriesNote: ((modelled: boolean) => void) | null;
  previousHosts: boolean;
}

function readRetryOn(log: EnvoyLog, e: MapEntry, p: string, read: RetryRead): void {
  const value = text(log, e.value, p, 'a comma-separated list such as "5xx,reset"');
  if (value === undefined) return;
  for (const token of value.split(',').map((t) => t.trim()).filter((t) => t !== '')) {
    const condition = CONDITIONS[token];
    const directive = `${p}: ${token}`;
    if (condition === undefined) {
      const why = UNMODELLED_CONDITIONS[token];
      if (why !== undefined) read.tokenNotes.push(() => log.skip(e.pair, directive, why));
      else log.error(e.value!, p, `unknown retry condition "${token}"`, `conditions of ${[...Object.keys(CONDITIONS), ...Object.keys(UNMODELLED_CONDITIONS)].join(', ')}`, token);
      continue;
    }
    for (const reason of condition.reasons) read.reasons.add(reason);
    read.backend5xx ||= condition.backend5xx;
    read.perTryRetried ||= condition.perTry;
    read.tokenNotes.push(() => {
      const timeout = condition.perTry && read.perTryMs !== undefined ? ' and an expired per_try_timeout (ResponseTimeout)' : '';
      const target = read.previousHosts ? '' : '; lbsim retries on an instance not tried yet, Envoy without previous_hosts may pick the same one';
      log.apply(e.pair, directive, `Balancing.RetryOn: ${condition.note}${timeout}${target}`);
    });
  }
}

/** Reads one retry_policy into the draft. */
export function readRetryPolicy(log: EnvoyLog, node: Node | null, path: string, draft: EnvoyDraft): void {
  const read: RetryRead = { reasons: new Set(), backend5xx: false, perTryRetried: false, perTryMs: undefined, tokenNotes: [], retries: 1, retriesNote: null, previousHosts: false };
  visitMap(log, node, path, {
    retry_on: (e, p) => readRetryOn(log, e, p, read),
    num_retries: (e, p) => {
      const n = uint(log, e.value, p, 0);
      if (n === undefined) return;
      read.retries = n;
      read.retriesNote = (modelled) => {
        if (!modelled) log.skip(e.pair, directiveText(p, e.value), 'not modelled: no retry condition here is one lbsim produces');
        else log.apply(e.pair, directiveText(p, e.value), n > 10 ? 'Balancing.Retries 10 (lbsim\'s most)' : 'Balancing.Retries');
      };
    },
    per_try_timeout: (e, p) => {
      const ms = durationMs(log, e.value, p, false);
      if (ms === undefined) return;
      // Envoy: 0 means no per-try timeout.
      if (ms === 0) return log.apply(e.pair, directiveText(p, e.value), 'no field: 0 disables it, as no per-try timeout');
      read.perTryMs = ms;
      log.apply(e.pair, directiveText(p, e.value), 'Balancing.PerTryTimeout');
    },
    retry_host_predicate: (e, p) => {
      seqItems(e.value).forEach((item, i) => {
        const name = mapEntries(item).find((entry) => entry.key === 'name');
        const itemPath = joinPath(p, i);
        if (name !== undefined && name.value !== null && String(name.value.toJSON()) === PREVIOUS_HOSTS) {
          read.previousHosts = true;
          log.apply(item, `${itemPath}.name: ${PREVIOUS_HOSTS}`, 'no field: lbsim\'s envoy profile always retries on an instance not tried yet');
        } else {
          log.skip(item, itemPath, 'not modelled: only previous_hosts is; lbsim retries on an instance not tried yet');
        }
      });
    },
  }, POLICY_REASONS, 'not modelled by lbsim\'s retries');
  writeRetries(read, draft);
}

function writeRetries(read: RetryRead, draft: EnvoyDraft): void {
  for (const note of read.tokenNotes) note();
  const retryOn: string[] = REASONS.filter((reason) => read.reasons.has(reason));
  if (read.perTryRetried && read.perTryMs !== undefined && !retryOn.includes('ResponseTimeout')) {
    retryOn.push('ResponseTimeout');
    retryOn.sort((a, b) => REASONS.indexOf(a as Reason) - REASONS.indexOf(b as Reason));
  }
  if (read.backend5xx) retryOn.push('5xx');
  if (read.perTryMs !== undefined) draft.balancing['PerTryTimeout'] = durationText(read.perTryMs);
  // No condition lbsim models: Envoy would retry nothing lbsim can produce, which is the profile's default.
  if (retryOn.length > 0) {
    draft.balancing['Retries'] = Math.min(read.retries, 10);
    draft.balancing['RetryOn'] = retryOn;
  }
  if (read.retriesNote !== null) read.retriesNote(retryOn.length > 0);
}
