// `lbsim serve`'s API through fastify inject(): the lessons, validation errors with their paths,
// a run answering exactly what `run --format json` prints, the same run streamed with its
// progress as NDJSON, the HTML report, and compare.

import { afterAll, describe, expect, it } from 'vitest';
import { lbsim } from '../helpers/cli.js';
import { seedText, webApp } from '../helpers/web-app.js';

const app = webApp();
afterAll(() => app.close());

const seed = JSON.parse(seedText) as Record<string, unknown>;

describe('web app API', () => {
  it('lists the bundled lessons, and serves each one', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/scenarios' });
    expect(list.statusCode).toBe(200);
    const { scenarios } = list.json<{ scenarios: Array<{ file: string; name: string; description: string }> }>();
    expect(scenarios.map((s) => s.file)).toContain('seed-elb-health-check.json');
    expect(scenarios.map((s) => s.file)).not.toContain('schema.json');
    const one = await app.inject({ method: 'GET', url: '/api/scenarios/seed-elb-health-check.json' });
    expect(one.body).toBe(seedText);
    expect((await app.inject({ method: 'GET', url: '/api/scenarios/..%2Fpackage.json' })).statusCode).toBe(404);
  });

  it('runs a scenario and answers what run --format json prints', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/run', payload: seed });
    expect(response.statusCode).toBe(200);
    const cli = lbsim('run', 'scenarios/seed-elb-health-check.json', '--format', 'json');
    const fromCli = JSON.parse(cli.stdout) as Record<string, unknown>;
    // The scenario's name defaults to its file name; everything else is the same run.
    expect(response.json()).toEqual(fromCli);
  });

  it('streams a run: progress lines with rising simulated time, then the same summary as /api/run', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/run/stream', payload: seed });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = response.body.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; simulated?: number; total?: number; summary?: unknown });
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    const simulated = progress.map((l) => l.simulated!);
    for (let i = 1; i < simulated.length; i++) expect(simulated[i]).toBeGreaterThan(simulated[i - 1]!);
    expect(simulated.at(-1)).toBe(progress[0]!.total);
    expect(lines.at(-1)!.type).toBe('result');
    expect(lines.slice(0, -1).every((l) => l.type === 'progress')).toBe(true);
    const plain = await app.inject({ method: 'POST', url: '/api/run', payload: seed });
    expect(lines.at(-1)!.summary).toEqual(plain.json());
    const invalid = await app.inject({ method: 'POST', url: '/api/run/stream', payload: { ...seed, Seed: -1 } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toContain('Seed');
  });

  it('answers 400 with every validation error and its path', async () => {
    const misspelt = await app.inject({ method: 'POST', url: '/api/run', payload: { ...seed, HealthCheck: { Target: 'HTTP:80/ping', Intervall: 30 } } });
    expect(misspelt.statusCode).toBe(400);
    const { errors } = misspelt.json<{ errors: Array<{ path: string; message: string; line: number }> }>();
    expect(errors.map((e) => e.path)).toEqual(['HealthCheck.Intervall']);
    expect(errors[0]!.message).toContain('Interval');
    const outOfRange = await app.inject({ method: 'POST', url: '/api/run', payload: { ...seed, Seed: -1, HealthCheck: { Interval: 3 } } });
    const paths = outOfRange.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['Seed', 'HealthCheck.Interval']));
  });

  it('validates text with positions in that text', async () => {
    const text = seedText.replace('"Interval": 30', '"Interval": 3');
    const response = await app.inject({ method: 'POST', url: '/api/validate', headers: { 'content-type': 'application/json' }, payload: text });
    const body = response.json<{ ok: boolean; errors: Array<{ path: string; line: number }> }>();
    expect(body.ok).toBe(false);
    const line = text.split('\n').findIndex((l) => l.includes('"Interval": 3')) + 1;
    expect(body.errors[0]).toMatchObject({ path: 'HealthCheck.Interval', line });
    expect((await app.inject({ method: 'POST', url: '/api/validate', payload: seed })).json()).toEqual({ ok: true, errors: [] });
  });

  it('renders the HTML report', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/report', payload: seed });
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('<section id="incidents">');
  });

  it('compares two scenarios, and names the side that is invalid', async () => {
    const shorter = { ...seed, HealthCheck: { ...(seed.HealthCheck as object), Interval: 10 } };
    const response = await app.inject({ method: 'POST', url: '/api/compare', payload: { a: seed, b: shorter } });
    expect(response.statusCode).toBe(200);
    const body = response.json<{ rows: Array<{ metric: string; a: number; b: number }> }>();
    const errors = body.rows.find((r) => r.metric === 'gatewayErrors.total')!;
    expect(errors.b).toBeLessThan(errors.a);
    const invalid = await app.inject({ method: 'POST', url: '/api/compare', payload: { a: seed, b: { Seed: -1 } } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json<{ errors: { a: unknown[]; b: unknown[] } }>().errors.a).toEqual([]);
    expect((await app.inject({ method: 'POST', url: '/api/compare', payload: { a: seed } })).statusCode).toBe(400);
  });

  it('refuses a run too long to serve', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/run', payload: { ...seed, Duration: '30d', Traffic: { Rate: 1000 } } });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: Array<{ message: string }> }>().errors[0]!.message).toContain('too long for the web app');
  });

  it('serves the page', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.body).toContain('id="editor"');
    expect(page.body).toContain('seed-elb-health-check.json');
  });
});
