// The live proxy's HAProxy `option redispatch` after a turnaround: the server is chosen when the pause
// ends, so a lone refusing server marked DOWN during the first pause leaves nothing to pick: 503
// <NOSRV> after two pauses (real 2.6.12: "be/<NOSRV> ... 2003 ... +2"; retry-policy.ts choosesAfterPause).

import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/model/profiles.js';
import { crash, send, SPEED, proxyPerTest, waitFor } from './proxy-harness.js';

const start = proxyPerTest();
/** The turnaround, min(timeout connect, 1 s) with the 5 s connect timeout (lb-semantics.md §4.1; §7 item 2). */
const PAUSE_MS = 1_000;

describe('live proxy, HAProxy option redispatch', () => {
  it('one server, refusing, marked DOWN 0.5 s into the first pause: 2 attempts, then 503 <NOSRV> after two pauses', async () => {
    const behaviour = { ...PROFILES.haproxy.behaviour, redispatch: true };
    // Its checks do not mark it DOWN here: after the first one passes, fall 100 failures would be
    // needed (and the next check is 300 s away). The test marks it DOWN, at a known instant.
    const { proxy, built, seen } = await start('haproxy', { behaviour }, { unhealthyThreshold: 100 }, { zones: ['us-east-1a'] });
    await waitFor(() => seen.probes.length > 0, 2000);
    expect(seen.probes).toEqual([expect.objectContaining({ passed: true })]);
    await crash(built[0]!);
    // The clock starts at the first attempt, not at the send: a first request on a cold connection can
    // take longer than half a pause (10 real ms) to reach the proxy, and the server would then be DOWN
    // before any attempt (a CI run saw 503 after 13 ms).
    const firstAttempt = new Promise<void>((resolve) => {
      const push = seen.attempts.push.bind(seen.attempts);
      seen.attempts.push = (...attempts) => {
        resolve();
        return push(...attempts);
      };
    });
    const answer = send(proxy.url, 'GET');
    await firstAttempt;
    const startedAt = performance.now();
    // Marked DOWN as its checks would, while the request waits out its first turnaround.
    setTimeout(() => proxy.nodes[0]!.setBelief(0, 'OutOfService'), PAUSE_MS / 2 / SPEED);
    expect(await answer).toBe(503);
    const elapsedMs = performance.now() - startedAt;
    expect(elapsedMs).toBeGreaterThanOrEqual((2 * PAUSE_MS) / SPEED - 5);
    // Not a third pause's worth later either (the attempts below say there were two); 150 ms of slack
    // for a loaded machine, where one run took 66 ms against 40 ms of pauses.
    expect(elapsedMs).toBeLessThan((2 * PAUSE_MS) / SPEED + 150);
    // The second attempt still goes to the server (assigned through the pause); the redispatch finds none.
    expect(seen.attempts.map((a) => a.instance)).toEqual([0, 0]);
    expect(seen.answers).toEqual([expect.objectContaining({ reason: 'NoHealthyInstances', instance: null, attempts: 2 })]);
  });
});
