// The fake instance's fastify app through inject(): answers, error shape (Date, Server, JSON error
// body as in the seed document), the health path under health-fail and health-lie, and slow service.

import { afterEach, describe, expect, it } from 'vitest';
import { buildInstance, type Built } from './live-helpers.js';

let built: Built | null = null;
afterEach(async () => {
  await built?.live.close();
  built = null;
});

async function inject(b: Built, url = '/') {
  await b.live.app.ready();
  return b.live.app.inject({ method: 'GET', url });
}

describe('live instance app (inject)', () => {
  it('answers 200 with its id, on any path and method', async () => {
    built = buildInstance();
    const response = await inject(built, '/example?x=1');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ instanceId: 'i-1', status: 200 });
    expect(response.headers.server).toBe('lbsim-instance');
    const post = await built.live.app.inject({ method: 'POST', url: '/another-example', payload: 'x', headers: { 'content-type': 'text/weird' } });
    expect(post.statusCode).toBe(200);
  });

  it('errors: the fault status with Date, Server and a JSON {"error"} body, health path included', async () => {
    built = buildInstance();
    built.apply('errors', { status: 502 });
    for (const url of ['/example', '/health']) {
      const response = await inject(built, url);
      expect(response.statusCode).toBe(502);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(new Date(String(response.headers.date)).getTime()).not.toBeNaN();
      expect(response.headers.server).toBe('lbsim-instance');
      expect(response.json()).toEqual({ error: 'i-1: 502 Bad Gateway' });
    }
    built.end('errors');
    expect((await inject(built)).statusCode).toBe(200);
  });

  it('health-fail fails only the health path; health-lie passes it while traffic fails', async () => {
    built = buildInstance();
    built.apply('health-fail', { status: 503 });
    expect((await inject(built, '/health')).statusCode).toBe(503);
    expect((await inject(built, '/')).statusCode).toBe(200);
    built.end('health-fail');
    built.apply('health-lie', { status: 500 });
    expect((await inject(built, '/health')).statusCode).toBe(200);
    expect((await inject(built, '/')).statusCode).toBe(500);
  });

  it('draws errors with Probability from its seeded fault stream', async () => {
    const statuses = async () => {
      const b = buildInstance();
      b.apply('errors', { probability: 0.5 });
      const seen: number[] = [];
      for (let i = 0; i < 20; i++) seen.push((await inject(b)).statusCode);
      await b.live.close();
      return seen;
    };
    const first = await statuses();
    expect(first).toContain(200);
    expect(first).toContain(500);
    expect(await statuses()).toEqual(first);
  });

  it('slow multiplies and adds to the service time; speed divides it', async () => {
    built = buildInstance({ serviceTime: { distribution: 'constant', meanMs: 20 } });
    built.apply('slow', { factor: 3, addMs: 60 });
    const started = performance.now();
    expect((await inject(built)).statusCode).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    await built.live.close();
    built = buildInstance({ serviceTime: { distribution: 'constant', meanMs: 400 } }, 10);
    const fast = performance.now();
    await inject(built);
    expect(performance.now() - fast).toBeLessThan(300);
  });
});
