// `lbsim serve` attacked from a real browser (headless Chromium): a page on another origin (a second
// local server on another port) tries a no-cors text/plain fetch, a JSON fetch and two form POSTs
// (one whose text/plain body is a valid scenario), and a DNS-rebinding page (a name that resolves to
// 127.0.0.1) loads the app and reads its API. Nothing runs, and the rebinding page reads nothing.

import Fastify, { type FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, skipBrowserTests } from '../helpers/browser.js';
import { seedText, webApp } from '../helpers/web-app.js';

const REBINDING_HOST = 'rebinding.lbsim.test';
const seedJson = JSON.stringify(JSON.parse(seedText));

/**
 * The attacker's page. A text/plain form sends `name=value`: with name = the scenario up to a last
 * `"pad":"` key and value `"}`, the body is the scenario as valid JSON (the classic form-to-JSON trick).
 */
function attackerPage(target: string): string {
  const formName = `${seedJson.slice(0, -1)},"pad":"`;
  const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!DOCTYPE html><html><body>
<iframe name="sink-a"></iframe><iframe name="sink-b"></iframe>
<form id="plain" method="POST" action="${target}/api/run" enctype="text/plain" target="sink-a"><input name="${attr(formName)}" value="&quot;}"></form>
<form id="urlencoded" method="POST" action="${target}/api/run/stream" target="sink-b"><input name="scenario" value="${attr(seedJson)}"></form>
<script>
var scenario = ${JSON.stringify(seedJson)};
Promise.allSettled([
  fetch(${JSON.stringify(`${target}/api/run`)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: scenario }),
  fetch(${JSON.stringify(`${target}/api/run`)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: scenario }),
  fetch(${JSON.stringify(`${target}/api/scenarios`)}).then(function (r) { return r.text(); })
]).then(function (results) {
  document.body.setAttribute('data-fetches', results.map(function (r) { return r.status; }).join(','));
  document.getElementById('plain').submit();
  document.getElementById('urlencoded').submit();
});
</script></body></html>`;
}

describe.skipIf(skipBrowserTests())('serve attacked from a browser', () => {
  const app = webApp();
  const attacker: FastifyInstance = Fastify({ logger: false });
  /** Every request serve answered, and those that got past its gate to a route handler. */
  const answered: Array<{ method: string; url: string; status: number; contentType: string; cors: string[] }> = [];
  const handled: string[] = [];
  let browser: Browser;
  let port = 0;

  beforeAll(async () => {
    app.addHook('preHandler', async (request) => {
      handled.push(`${request.method} ${request.url}`);
    });
    app.addHook('onResponse', async (request, reply) => {
      const cors = Object.keys(reply.getHeaders()).filter((name) => name.startsWith('access-control-'));
      answered.push({ method: request.method, url: request.url, status: reply.statusCode, contentType: String(request.headers['content-type'] ?? ''), cors });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    attacker.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(attackerPage(`http://127.0.0.1:${port}`)));
    await attacker.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser([`--host-resolver-rules=MAP ${REBINDING_HOST} 127.0.0.1`]);
  });

  afterAll(async () => {
    await browser?.close();
    await attacker.close();
    await app.close();
  });

  it('a page on another origin: its fetches and form posts reach serve, and none of them runs', async () => {
    answered.length = 0;
    handled.length = 0;
    const page = await browser.newPage();
    const attackerPort = (attacker.server.address() as { port: number }).port;
    await page.goto(`http://127.0.0.1:${attackerPort}/`);
    await page.waitForSelector('body[data-fetches]');
    // The no-cors fetch resolves to an opaque answer; the JSON fetch (preflight refused) and the read of the API reject.
    expect(await page.getAttribute('body', 'data-fetches')).toBe('fulfilled,rejected,rejected');
    // Both forms and the no-cors fetch arrive as POSTs; wait for serve to have answered all three.
    await expect.poll(() => answered.filter((a) => a.method === 'POST').length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    await page.close();

    // Not one POST got past the gate to a route handler, so nothing ran.
    expect(handled.filter((h) => h.startsWith('POST'))).toEqual([]);
    const posts = answered.filter((a) => a.method === 'POST');
    expect(posts.map((a) => a.contentType.split(';')[0]).sort()).toEqual(['application/x-www-form-urlencoded', 'text/plain', 'text/plain']);
    expect(posts.map((a) => a.status)).toEqual([403, 403, 403]);
    // The JSON fetch needed a preflight, which got no CORS header: the browser never sent the POST.
    expect(answered.every((a) => a.cors.length === 0)).toBe(true);
    expect(posts.some((a) => a.contentType.startsWith('application/json'))).toBe(false);
  });

  it('a DNS-rebinding page (a foreign name resolving to 127.0.0.1) gets 403 for the app and its API', async () => {
    answered.length = 0;
    const page = await browser.newPage();
    const response = await page.goto(`http://${REBINDING_HOST}:${port}/`);
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('id="editor"');
    // The page is the rebinding origin itself: its own-origin reads of the API are refused too.
    const read = await page.evaluate(async () => {
      const r = await fetch('/api/scenarios/seed-elb-health-check.json');
      return { status: r.status, body: await r.text() };
    });
    expect(read.status).toBe(403);
    expect(read.body).not.toContain('my-load-balancer');
    await page.close();
    expect(answered.length).toBeGreaterThanOrEqual(2);
    expect(answered.every((a) => a.status === 403)).toBe(true);
  });
});
