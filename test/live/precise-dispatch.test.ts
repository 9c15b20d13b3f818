// The proxy's own timing on undici: an exact connect timeout (undici's ticks every 500 ms above a
// second, K × 500 ms of scenario time at speed K) and a response deadline that starts when the
// request is on a connected socket, so a slow connect never counts against it.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BlackholeListener } from '../../src/live/blackhole-listener.js';
import { reasonOf } from '../../src/live/proxy/classify.js';
import { ON_SOCKET_READY, preciseAgent } from '../../src/live/proxy/precise-dispatch.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server that accepts and never answers. */
async function hungServer(): Promise<string> {
  const server: Server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('precise undici dispatch', () => {
  it('times a connect out after exactly its timeout (a blackholed port), as ConnectTimeout', async () => {
    const port = await freePort();
    const blackhole = new BlackholeListener();
    await blackhole.start(port);
    cleanups.push(() => blackhole.close());
    const agent = preciseAgent({ connectTimeoutRealMs: 1200, keepAliveRealMs: 1000 });
    cleanups.push(() => agent.destroy());
    let ready = false;
    const started = performance.now();
    const error = await agent
      .request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', [ON_SOCKET_READY]: () => (ready = true) } as never)
      .then(() => null, (failure: unknown) => failure);
    const elapsedMs = performance.now() - started;
    expect(reasonOf(error)).toBe('ConnectTimeout');
    // undici's own connect timer would fire up to ~500 ms late here.
    expect(elapsedMs).toBeGreaterThanOrEqual(1190);
    expect(elapsedMs).toBeLessThan(1300);
    expect(ready).toBe(false);
  });

  it('tells when a request starts on a connected socket, so a deadline can start there', async () => {
    const url = await hungServer();
    const agent = preciseAgent({ connectTimeoutRealMs: 1000, keepAliveRealMs: 1000 });
    cleanups.push(() => agent.destroy());
    const controller = new AbortController();
    let readyAtMs = 0;
    const started = performance.now();
    const pending = agent.request({
      origin: url, path: '/', method: 'GET', signal: controller.signal,
      [ON_SOCKET_READY]: () => {
        readyAtMs = performance.now() - started;
        setTimeout(() => controller.abort(), 1100);
      },
    } as never);
    const error = await pending.then(() => null, (failure: unknown) => failure);
    const elapsedMs = performance.now() - started;
    expect(error).toBeInstanceOf(Error);
    expect(readyAtMs).toBeGreaterThan(0);
    expect(readyAtMs).toBeLessThan(100);
    expect(elapsedMs - readyAtMs).toBeGreaterThanOrEqual(1090);
    expect(elapsedMs - readyAtMs).toBeLessThan(1200);
  });
});
