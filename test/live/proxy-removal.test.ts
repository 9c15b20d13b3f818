// The live proxy keeps the model's removal rule (node-view.ts removalCutAfterMs): a proxy profile lets a
// request in flight on a deregistered server finish even without draining (nginx, HAProxy and Envoy do
// not cut, lb-semantics.md §6 row 10), while CLB cuts it (proxy-membership.test.ts). Closed in afterEach.

import { describe, expect, it } from 'vitest';
import { NOT_REGISTERED } from '../../src/model/run/run-observer.js';
import { get } from './live-helpers.js';
import { proxyPerTest, waitFor } from './proxy-harness.js';

const start = proxyPerTest();

describe('live proxy removal', () => {
  it.each(['nginx', 'haproxy'] as const)('%s: deregistering without draining lets the request in flight finish with 200', async (profile) => {
    const { proxy, built, seen } = await start(profile, { drainingEnabled: false }, {}, { zones: ['us-east-1a'] });
    built[0]!.apply('slow', { addMs: 10_000 }); // 200 ms real
    const pending = get(proxy.url, '/', 3000);
    await waitFor(() => seen.attempts.length === 1, 1000);
    proxy.setRegistered(0, false, 4);
    expect(await pending).toMatchObject({ status: 200 });
    expect(seen.answers).toEqual([expect.objectContaining({ status: 200, reason: null, instance: 0 })]);
    expect(seen.beliefs).toEqual([expect.objectContaining({ instance: 0, to: 'OutOfService', reason: NOT_REGISTERED })]);
    // Out of the pool all the same: nothing new goes there.
    expect(proxy.inService(0)).toBe(false);
  });
});
