// Every fault of a live instance on a real loopback socket: what a balancer's connection meets.
// Each test closes its instance in afterEach, and checks the port is free again at the end.

import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveInstanceOptions } from '../../src/live/live-instance.js';
import { buildInstance, get, tcpConnect, type Built } from './live-helpers.js';

let built: Built | null = null;
afterEach(async () => {
  const port = built ? Number(new URL(built.live.url).port) : 0;
  await built?.live.close();
  built = null;
  if (port > 0) expect(await tcpConnect(port, 500)).toBe('refused');
});

async function up(overrides = {}, options: Partial<LiveInstanceOptions> = {}): Promise<Built> {
  built = buildInstance(overrides, 1, options);
  await built.live.listen(0);
  return built;
}

describe('live instance faults on real sockets', () => {
  it('serves on 127.0.0.1 with its keep-alive timeout', async () => {
    const b = await up({ keepAliveTimeoutMs: 7000 });
    expect(b.live.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await get(b.live.url)).toMatchObject({ status: 200 });
    const server = b.live.app.server;
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect(server.keepAliveTimeout).toBe(7000);
  });

  it('crash closes the listener (refused) and cuts requests in flight; the restart listens again', async () => {
    const b = await up({ serviceTime: { distribution: 'constant', meanMs: 1000 } });
    const inFlight = get(b.live.url);
    await new Promise((resolve) => setTimeout(resolve, 100));
    b.apply('crash');
    await b.live.settled();
    expect(await inFlight).toEqual({ error: 'ECONNRESET' });
    expect(await tcpConnect(Number(new URL(b.live.url).port), 500)).toBe('refused');
    b.end('crash');
    await b.live.settled();
    expect(await get(b.live.url)).toMatchObject({ status: 200 });
  });

  it('hang accepts the connection and never answers, until it ends', async () => {
    const b = await up();
    b.apply('hang');
    const port = Number(new URL(b.live.url).port);
    expect(await tcpConnect(port, 300)).toBe('open');
    const waiting = get(b.live.url, '/', 3000);
    expect(await get(b.live.url, '/health', 300)).toEqual({ silent: true });
    b.end('hang');
    expect(await waiting).toMatchObject({ status: 200 });
  });

  it('blackhole: a new connection never opens (the connect hangs); after it, the instance serves', async () => {
    const b = await up();
    b.apply('blackhole');
    await b.live.settled();
    const port = Number(new URL(b.live.url).port);
    expect(await tcpConnect(port, 600)).toBe('silent');
    b.end('blackhole');
    await b.live.settled();
    expect(await get(b.live.url)).toMatchObject({ status: 200 });
  });

  it('a transition that fails is reported and retried, and later ones still run', async () => {
    const errors: string[] = [];
    const b = await up({}, { onError: (error) => errors.push(error.message) });
    const port = Number(new URL(b.live.url).port);
    b.apply('crash');
    await b.live.settled();
    // Someone else takes the port while the instance is down: its restart cannot listen.
    const squatter = createServer().listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    b.end('crash');
    await b.live.settled();
    expect(errors.join('\n')).toMatch(/EADDRINUSE/);
    await new Promise((resolve) => squatter.close(resolve));
    // No further sync(): the instance retries by itself.
    const deadline = performance.now() + 2000;
    while ((await tcpConnect(port, 100)) !== 'open' && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await get(b.live.url)).toMatchObject({ status: 200 });
    b.apply('blackhole');
    await b.live.settled();
    expect(await tcpConnect(port, 300)).toBe('silent');
    b.end('blackhole');
    await b.live.settled();
    expect(await get(b.live.url)).toMatchObject({ status: 200 });
  });

  it('changes faster than the listener coalesce: it ends in the latest mode of the model', async () => {
    const b = await up({}, { blackholes: true });
    const port = Number(new URL(b.live.url).port);
    b.apply('blackhole');
    b.end('blackhole');
    b.apply('crash');
    b.end('crash');
    b.apply('blackhole');
    await b.live.settled();
    expect(await tcpConnect(port, 300)).toBe('silent');
    b.apply('crash');
    b.end('blackhole');
    await b.live.settled();
    expect(await tcpConnect(port, 300)).toBe('refused');
    b.end('crash');
    await b.live.settled();
    expect(await get(b.live.url)).toMatchObject({ status: 200 });
  });

  it('reset closes the connection after reading the request, without an answer', async () => {
    const b = await up();
    b.apply('reset');
    expect(await get(b.live.url)).toEqual({ error: 'ECONNRESET' });
  });

  it('malformed writes an unparsable response', async () => {
    const b = await up();
    b.apply('malformed');
    const seen = await get(b.live.url);
    expect(seen).toHaveProperty('error');
    expect((seen as { error: string }).error).toMatch(/^HPE_/);
  });

  it('Concurrency workers serve at once; beyond Backlog waiting, connections are closed at once', async () => {
    const b = await up({ concurrency: 1, backlog: 1, serviceTime: { distribution: 'constant', meanMs: 300 } });
    const started = performance.now();
    const seen = await Promise.all([get(b.live.url), get(b.live.url), get(b.live.url)]);
    const statuses = seen.map((s) => ('status' in s ? s.status : 'error' in s ? s.error : 'silent')).sort();
    expect(statuses).toEqual([200, 200, 'ECONNRESET']);
    // One worker: the second request waited for the first.
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('overload keeps Capacity of the workers', async () => {
    const b = await up({ concurrency: 4, serviceTime: { distribution: 'constant', meanMs: 200 } });
    b.apply('overload', { capacity: 0.25 });
    const started = performance.now();
    await Promise.all([get(b.live.url), get(b.live.url)]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });
});
