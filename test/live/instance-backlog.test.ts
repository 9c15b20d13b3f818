// A live instance with its backlog full refuses new connections, as the model refuses them, and
// accepts again once room frees.

import { afterEach, describe, expect, it } from 'vitest';
import { buildInstance, get, tcpConnect, type Built } from './live-helpers.js';

let built: Built | null = null;
afterEach(async () => {
  await built?.live.close();
  built = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live instance with a full backlog', () => {
  it('refuses new connections while full and accepts again once room frees', async () => {
    built = buildInstance({ concurrency: 1, backlog: 1, serviceTime: { distribution: 'constant', meanMs: 300 } });
    await built.live.listen(0);
    const port = Number(new URL(built.live.url).port);
    expect(await tcpConnect(port, 300)).toBe('open');
    // One running, one waiting: full.
    const first = get(built.live.url);
    await sleep(50);
    const second = get(built.live.url);
    await sleep(50);
    await built.live.settled();
    expect(await tcpConnect(port, 300)).toBe('refused');
    expect(await Promise.all([first, second])).toMatchObject([{ status: 200 }, { status: 200 }]);
    await built.live.settled();
    expect(await tcpConnect(port, 300)).toBe('open');
    expect(await get(built.live.url)).toMatchObject({ status: 200 });
  });
});
