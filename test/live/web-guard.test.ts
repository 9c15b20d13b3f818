// `lbsim serve`'s gate, through fastify inject() and a real socket: a Host that is not this machine
// (DNS rebinding) gets 403 before any route; a POST that a page on another origin could send (text/plain,
// a form, another Origin, Sec-Fetch-Site cross-site) is refused and never reaches a handler; no CORS header.

import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSON_TYPE, seedText, webApp } from '../helpers/web-app.js';


/** The app, with a record of every request that got past the gate to its route handler. */
function recordedApp(options: Parameters<typeof webApp>[0] = {}): { app: FastifyInstance; handled: string[] } {
  const app = webApp(options);
  const handled: string[] = [];
  app.addHook('preHandler', async (request) => {
    handled.push(`${request.method} ${request.url}`);
  });
  return { app, handled };
}

const { app, handled } = recordedApp();
afterAll(() => app.close());

const corsHeaders = (headers: Record<string, unknown>) => Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('Host allowlist (DNS rebinding)', () => {
  it.each(['evil.example:8080', 'evil.example', 'localhost.evil.example', '127.0.0.1.nip.io:8080', 'localhost@evil.example', 'localhost:80/x'])(
    'answers 403 to Host %j, on the page, the API and a run, before any route',
    async (host) => {
      handled.length = 0;
      for (const [method, url] of [['GET', '/'], ['GET', '/api/scenarios'], ['POST', '/api/run'], ['GET', '/no-such-route']] as const) {
        const response = await app.inject({ method, url, headers: { host, ...JSON_TYPE }, ...(method === 'POST' ? { payload: seedText } : {}) });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.body).not.toContain('my-load-balancer');
        expect(corsHeaders(response.headers)).toEqual([]);
      }
      expect(handled).toEqual([]);
    },
  );

  it.each(['localhost:80', '127.0.0.1:80', '[::1]:80', 'LOCALHOST', '127.0.0.1'])('serves Host %j', async (host) => {
    const response = await app.inject({ method: 'GET', url: '/', headers: { host } });
    expect(response.statusCode).toBe(200);
  });

  it('serves a name given with --allow-host, on any port, and only that one', async () => {
    const proxied = webApp({ allowedHosts: ['lbsim.internal'] });
    expect((await proxied.inject({ method: 'GET', url: '/', headers: { host: 'lbsim.internal:9443' } })).statusCode).toBe(200);
    expect((await proxied.inject({ method: 'GET', url: '/', headers: { host: 'other.internal:9443' } })).statusCode).toBe(403);
    await proxied.close();
  });

  it('takes a POST from the allowed name behind a TLS proxy, with the Host kept or rewritten to loopback', async () => {
    const proxied = webApp({ allowedHosts: ['lbsim.internal'] });
    const post = (host: string, origin: string) =>
      proxied.inject({ method: 'POST', url: '/api/validate', headers: { host, origin, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, payload: '{}' });
    expect((await post('lbsim.internal', 'https://lbsim.internal')).statusCode).toBe(200);
    expect((await post('127.0.0.1:8080', 'https://lbsim.internal:9443')).statusCode).toBe(200);
    // Another name is still another origin, whatever the scheme.
    expect((await post('lbsim.internal', 'https://evil.example')).statusCode).toBe(403);
    await proxied.close();
  });
});

describe('cross-site POSTs', () => {
  const attempts: Array<[string, Record<string, string>, number]> = [
    ['text/plain (a simple request, no preflight)', { 'content-type': 'text/plain' }, 415],
    ['a form, urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['a form, multipart', { 'content-type': 'multipart/form-data; boundary=x' }, 415],
    ['no content-type', {}, 415],
    ['JSON from another origin', { ...JSON_TYPE, origin: 'http://evil.example' }, 403],
    ['JSON from another port of this machine', { ...JSON_TYPE, origin: 'http://localhost:9999' }, 403],
    ['JSON from an opaque origin', { ...JSON_TYPE, origin: 'null' }, 403],
    ['JSON, Sec-Fetch-Site cross-site', { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, 403],
    ['JSON, Sec-Fetch-Site same-site (another port)', { ...JSON_TYPE, 'sec-fetch-site': 'same-site' }, 403],
    ['text/plain from another origin', { 'content-type': 'text/plain', origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }, 403],
  ];

  it.each(attempts)('refuses %s on every POST route, and nothing runs', async (_what, headers, status) => {
    handled.length = 0;
    for (const url of ['/api/run', '/api/run/stream', '/api/validate', '/api/report', '/api/compare']) {
      const response = await app.inject({ method: 'POST', url, headers, payload: url === '/api/compare' ? `{"a":${seedText},"b":${seedText}}` : seedText });
      expect(response.statusCode, url).toBe(status);
      expect(corsHeaders(response.headers)).toEqual([]);
    }
    expect(handled).toEqual([]);
  });

  it("runs a JSON POST from the app's own page (its Origin, Sec-Fetch-Site same-origin)", async () => {
    handled.length = 0;
    const headers = { ...JSON_TYPE, host: 'localhost:80', origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
    const response = await app.inject({ method: 'POST', url: '/api/validate', headers, payload: seedText });
    expect(response.json()).toEqual({ ok: true, errors: [] });
    expect(handled).toEqual(['POST /api/validate']);
  });

  it('answers a CORS preflight without any Access-Control-* header', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/api/run',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(corsHeaders(preflight.headers)).toEqual([]);
  });

  it('still caps bodies at 1 MiB', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/validate', headers: JSON_TYPE, payload: `"${'x'.repeat(1024 * 1024)}"` });
    expect(response.statusCode).toBe(413);
  });
});

describe('the port in Host, on a real socket', () => {
  const served = recordedApp();
  let port = 0;
  beforeAll(async () => {
    await served.app.listen({ host: '127.0.0.1', port: 0 });
    port = (served.app.server.address() as { port: number }).port;
  });
  afterAll(() => served.app.close());

  const get = (host: string) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/scenarios', headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it("serves this server's own port, refuses another (a rebinding page on another port)", async () => {
    expect(await get(`127.0.0.1:${port}`)).toBe(200);
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`localhost:${port === 65535 ? port - 1 : port + 1}`)).toBe(403);
    expect(await get('localhost')).toBe(port === 80 ? 200 : 403);
    expect(await get(`evil.example:${port}`)).toBe(403);
  });

  it('refuses a request without a Host header (HTTP/1.0)', async () => {
    const statusLine = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /api/scenarios HTTP/1.0\r\n\r\n'));
      let received = '';
      socket.on('data', (chunk) => (received += String(chunk)));
      socket.on('end', () => resolve(received.split('\r\n')[0]!));
      socket.on('error', reject);
    });
    expect(statusLine).toMatch(/^HTTP\/1\.[01] 403 /);
  });
});
