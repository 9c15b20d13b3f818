// Real nginx in front of `lbsim instances`: while one instance of two is down nginx retries on the
// other (200), and once both have crashed it answers 502, as the `nginx` profile predicts for
// ConnectRefused and NoHealthyInstances. Skips, saying why, where /usr/sbin/nginx is missing; under CI it must run.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { statusFor } from '../../src/model/outcome.js';
import { get } from './live-helpers.js';
import { NGINX, startNginx, type RunningNginx } from './nginx-config.js';
import { spawnInstances, type Served } from './spawn-instances.js';

const haveNginx = existsSync(NGINX);
// Under CI a missing nginx is a failure (the tests run and fail to start it), not a skip.
const skipNginx = !haveNginx && process.env.CI !== 'true';
if (skipNginx) console.log(`nginx end-to-end test skipped: ${NGINX} not found (.ci/run installs Debian's nginx)`);

let dir = '';
let served: Served | null = null;
let nginx: RunningNginx | null = null;
afterEach(async () => {
  await nginx?.stop();
  await served?.stop();
  [nginx, served] = [null, null];
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function scenario(events: object[], instances = ['i-1', 'i-2']): object {
  return {
    Name: 'nginx-e2e',
    Profile: 'nginx',
    Duration: '1m',
    LoadBalancerName: 'nginx-e2e',
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 }],
    Instances: instances.map((id) => ({ InstanceId: id })),
    Events: events,
  };
}

/** Serves the scenario's instances and puts nginx in front; resolves with the real time scenario 0s was (about). */
async function start(content: object, count: number): Promise<{ nginx: RunningNginx; t0: number }> {
  dir = mkdtempSync(join(tmpdir(), 'lbsim-nginx-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(content));
  served = await spawnInstances(file, count);
  const t0 = performance.now();
  nginx = await startNginx(dir, served.instances.map((i) => i.url));
  return { nginx, t0 };
}

const until = (t0: number, scenarioMs: number) => sleep(Math.max(0, t0 + scenarioMs - performance.now()));

describe.skipIf(skipNginx)('nginx in front of lbsim instances', () => {
  it('answers 200, retries around the first crash, and 502 once every instance has crashed', async () => {
    const { nginx, t0 } = await start(
      scenario([
        { At: '1s', Instance: 'i-1', Fault: 'crash' },
        { At: '2s', Instance: 'i-2', Fault: 'crash' },
      ]),
      2,
    );
    const before = await get(nginx.url, '/example');
    expect(before).toMatchObject({ status: 200 });
    await until(t0, 1400);
    // i-1 is down: nginx's connection is refused and proxy_next_upstream takes i-2.
    const retried = await get(nginx.url, '/example');
    expect(retried).toMatchObject({ status: 200, headers: { 'x-lbsim-instance': 'i-2' } });
    await until(t0, 2400);
    const down = [await get(nginx.url, '/example'), await get(nginx.url, '/example')];
    // Refused, then "no live upstreams": both 502 (lb-semantics.md §5.3); the profile predicts the same.
    expect(down.map((seen) => ('status' in seen ? seen.status : seen))).toEqual([502, 502]);
    expect([statusFor('ConnectRefused', 'nginx'), statusFor('NoHealthyInstances', 'nginx')]).toEqual([502, 502]);
    const log = readFileSync(join(dir, 'error.log'), 'utf8');
    expect(log).toContain('(111: Connection refused)');
    expect(log).toContain('no live upstreams');
  });

  it('answers 502 to a malformed response (MalformedResponse), as the profile predicts', async () => {
    const { nginx } = await start(scenario([{ At: 0, Instance: 'i-1', Fault: 'malformed' }], ['i-1']), 1);
    // "upstream sent invalid header" is a 502 (lb-semantics.md §5.3, §7 item 1), as the profile predicts.
    expect(await get(nginx.url, '/example')).toMatchObject({ status: 502 });
    expect(statusFor('MalformedResponse', 'nginx')).toBe(502);
    expect(readFileSync(join(dir, 'error.log'), 'utf8')).toContain('upstream sent invalid header');
  });
});
