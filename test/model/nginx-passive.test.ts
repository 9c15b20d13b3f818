// nginx passive health per peer (lb-semantics §5.1–5.2; ngx_http_upstream_round_robin.c): when a
// peer is skipped, the one probe after fail_timeout, when `fails` resets, single-server groups,
// "no live upstreams", and which outcomes count as failures.
import { describe, expect, it } from 'vitest';
import {
  FRESH_PEER,
  NGINX_FAILURE_REASONS,
  NGINX_NO_LIVE_UPSTREAMS,
  NGINX_PASSIVE_DEFAULTS,
  available,
  countsAsFailure,
  nginxSeconds,
  noLiveUpstreams,
  onFailure,
  onSelected,
  onSuccess,
  type NginxPassiveParams,
  type NginxPeer,
} from '../../src/model/health/nginx-passive.js';

const defaults = NGINX_PASSIVE_DEFAULTS;
const pair = 2;
const s = (seconds: number) => seconds * 1000;
const fail = (peer: NginxPeer, atS: number, params = defaults) => onFailure(peer, s(atS), params, pair).peer;
const select = (peer: NginxPeer, atS: number, params = defaults) => onSelected(peer, s(atS), params, pair);

describe('defaults (§5.1)', () => {
  it('max_fails 1, fail_timeout 10 s, and no status counts unless listed', () => {
    expect(defaults).toEqual({ maxFails: 1, failTimeoutMs: 10_000, failStatuses: [] });
  });

  it("uses nginx's whole-second clock", () => {
    expect([nginxSeconds(0), nginxSeconds(999), nginxSeconds(1000), nginxSeconds(12_345)]).toEqual([0, 0, 1, 12]);
  });
});

describe('skipping a peer: max_fails && fails >= max_fails && now - checked <= fail_timeout', () => {
  it('a fresh peer is available', () => {
    expect(available(FRESH_PEER, 0, defaults, pair)).toBe(true);
  });

  it('one failure disables it (max_fails 1) and nginx logs "upstream server temporarily disabled"', () => {
    const result = onFailure(FRESH_PEER, s(5), defaults, pair);
    expect(result).toEqual({ peer: { fails: 1, checkedSeconds: 5, accessedSeconds: 5 }, disabled: true });
    expect(available(result.peer, s(5), defaults, pair)).toBe(false);
  });

  it('stays skipped while now - checked <= 10 in whole seconds: 10 to 11 s after the failure', () => {
    const peer = fail(FRESH_PEER, 5.9);
    expect(available(peer, s(15.999), defaults, pair)).toBe(false);
    expect(available(peer, s(16), defaults, pair)).toBe(true);
    const early = fail(FRESH_PEER, 5.0);
    expect(available(early, s(15.5), defaults, pair)).toBe(false);
    expect(available(early, s(16), defaults, pair)).toBe(true);
  });

  it('below max_fails the peer stays in rotation', () => {
    const three = { ...defaults, maxFails: 3 };
    const peer = fail(fail(FRESH_PEER, 1, three), 2, three);
    expect(peer.fails).toBe(2);
    expect(available(peer, s(2), three, pair)).toBe(true);
    expect(onFailure(peer, s(3), three, pair).disabled).toBe(true);
  });

  it('max_fails 0 turns the accounting off: counted, never skipped, never logged', () => {
    const off = { ...defaults, maxFails: 0 };
    const result = onFailure(fail(FRESH_PEER, 1, off), s(2), off, pair);
    expect(result.disabled).toBe(false);
    expect(available(result.peer, s(2), off, pair)).toBe(true);
  });

  it('a single-server group is never unavailable and never counts failures (§5.1)', () => {
    const result = onFailure(FRESH_PEER, s(1), defaults, 1);
    expect(result).toEqual({ peer: FRESH_PEER, disabled: false });
    const failed = fail(FRESH_PEER, 1);
    expect(available(failed, s(2), defaults, 1)).toBe(true);
    expect(onSelected(failed, s(20), defaults, 1)).toEqual({ peer: failed, probe: false });
    expect(onSuccess(failed, 1)).toBe(failed);
  });
});

describe('after fail_timeout: one request is let through as a probe (checked = now)', () => {
  const disabled = fail(FRESH_PEER, 5);

  it('choosing it after the window moves checked to now, which skips it again while the probe runs', () => {
    const { peer, probe } = select(disabled, 16);
    expect(probe).toBe(true);
    expect(peer).toEqual({ fails: 1, checkedSeconds: 16, accessedSeconds: 5 });
    expect(available(peer, s(16.5), defaults, pair)).toBe(false);
  });

  it('a successful probe makes it live again: accessed < checked → fails = 0', () => {
    const probed = select(disabled, 16).peer;
    const live = onSuccess(probed, pair);
    expect(live.fails).toBe(0);
    expect(available(live, s(16.5), defaults, pair)).toBe(true);
  });

  it('a failed probe disables it for another fail_timeout, and nginx logs again', () => {
    const probed = select(disabled, 16).peer;
    const result = onFailure(probed, s(16), defaults, pair);
    expect(result).toEqual({ peer: { fails: 2, checkedSeconds: 16, accessedSeconds: 16 }, disabled: true });
    expect(available(result.peer, s(26.9), defaults, pair)).toBe(false);
    expect(available(result.peer, s(27), defaults, pair)).toBe(true);
  });

  it('choosing a healthy peer inside its window changes nothing and is no probe', () => {
    const chosen = select(FRESH_PEER, 0);
    expect(chosen.probe).toBe(false);
    expect(select(chosen.peer, 5)).toEqual({ peer: chosen.peer, probe: false });
  });
});

describe('fails is a quiet-period counter, not a sliding window (nginx/nginx#599)', () => {
  const three: NginxPassiveParams = { ...defaults, maxFails: 3 };

  it('failures 5 s apart accumulate despite successes between them', () => {
    let peer = FRESH_PEER;
    let disabled = false;
    for (const atS of [0, 5, 10]) {
      peer = select(peer, atS, three).peer;
      const result = onFailure(peer, s(atS), three, pair);
      [peer, disabled] = [onSuccess(select(result.peer, atS + 2, three).peer, pair), result.disabled];
    }
    expect(peer.fails).toBe(3);
    expect(disabled).toBe(true);
  });

  it('a success on a request chosen more than fail_timeout after the last failure resets fails', () => {
    const failedOnce = fail(FRESH_PEER, 1, three);
    expect(onSuccess(select(failedOnce, 8, three).peer, pair).fails).toBe(1);
    expect(onSuccess(select(failedOnce, 12, three).peer, pair).fails).toBe(0);
  });

  it('with no success between, failures further apart than fail_timeout still add up', () => {
    const peer = fail(fail(fail(FRESH_PEER, 0, three), 20, three), 40, three);
    expect(peer.fails).toBe(3);
    expect(available(peer, s(41), three, pair)).toBe(false);
  });
});

describe('all peers unavailable: 502 "no live upstreams", state untouched', () => {
  it('is what current nginx returns (NGX_BUSY → FT_NOLIVE), with no quick-recovery reset', () => {
    expect(NGINX_NO_LIVE_UPSTREAMS).toEqual({ status: 502, message: 'no live upstreams', resetsFails: false });
  });

  it('holds until the first peer leaves its window, and only for groups of two or more', () => {
    const peers = [fail(FRESH_PEER, 3), fail(FRESH_PEER, 7)];
    expect(noLiveUpstreams(peers, s(8), defaults)).toBe(true);
    expect(noLiveUpstreams(peers, s(13.9), defaults)).toBe(true);
    expect(noLiveUpstreams(peers, s(14), defaults)).toBe(false);
    expect(noLiveUpstreams([fail(FRESH_PEER, 3)], s(4), defaults)).toBe(false);
    expect(noLiveUpstreams([], 0, defaults)).toBe(false);
  });

  it('one live peer is enough', () => {
    expect(noLiveUpstreams([fail(FRESH_PEER, 3), FRESH_PEER], s(4), defaults)).toBe(false);
  });
});

describe('what counts as an unsuccessful attempt (proxy_next_upstream, §5.2)', () => {
  it('error, timeout and invalid_header always: every upstream-facing reason', () => {
    expect([...NGINX_FAILURE_REASONS].sort()).toEqual(
      ['ConnectRefused', 'ConnectTimeout', 'KeepAliveRace', 'MalformedResponse', 'ResponseTimeout', 'UpstreamReset'].sort(),
    );
    for (const reason of NGINX_FAILURE_REASONS) expect(countsAsFailure({ reason }, defaults)).toBe(true);
  });

  it('reasons that never reached a peer do not count', () => {
    for (const reason of ['NoHealthyInstances', 'NoRegisteredInstances', 'SurgeQueueFull'] as const) {
      expect(countsAsFailure({ reason }, defaults)).toBe(false);
    }
  });

  it('a backend 5xx counts only when listed (http_500 …), 403 and 404 never', () => {
    expect(countsAsFailure({ status: 500 }, defaults)).toBe(false);
    expect(countsAsFailure({ status: 502 }, defaults)).toBe(false);
    const listed = { ...defaults, failStatuses: [500, 503, 429, 404, 403] };
    expect([500, 502, 503, 429, 404, 403, 200].filter((status) => countsAsFailure({ status }, listed))).toEqual([500, 503, 429]);
  });
});
