// `lbsim serve`: the web app's routes on fastify. A JSON API (scenarios, validate, run, a run
// streamed with its progress, report, compare) and one page that uses it; every scenario goes
// through the command line's validator.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ChartAssets } from '../report/html/html-report.js';
import { checkScenario, compareRuns, runScenario } from './web-run.js';
import { webPage } from './web-page.js';
import { NDJSON, streamRun } from './web-stream.js';

export interface WebAppOptions {
  /** The bundled lessons. */
  scenariosDir: string;
  assets: ChartAssets;
}

interface Lesson {
  file: string;
  name: string;
  description: string;
}

function lessons(dir: string): Lesson[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'schema.json')
    .sort()
    .map((file) => {
      const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { Name?: unknown; Description?: unknown };
      return { file, name: typeof parsed.Name === 'string' ? parsed.Name : file, description: typeof parsed.Description === 'string' ? parsed.Description : '' };
    });
}

export function buildWebApp(options: WebAppOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  const list = lessons(options.scenariosDir);
  const files = new Set(list.map((lesson) => lesson.file));

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(webPage(list)));
  app.get('/api/scenarios', async () => ({ scenarios: list }));
  app.get<{ Params: { file: string } }>('/api/scenarios/:file', async (request, reply) => {
    // Only the listed files: the name never becomes a path of the caller's choosing.
    if (!files.has(request.params.file)) return reply.code(404).send({ error: `no bundled scenario ${request.params.file}` });
    return reply.type('text/plain; charset=utf-8').send(readFileSync(join(options.scenariosDir, request.params.file), 'utf8'));
  });

  app.post('/api/validate', async (request) => {
    const checked = checkScenario(request.body);
    return checked.ok ? { ok: true, errors: [] } : { ok: false, errors: checked.errors };
  });

  app.post('/api/run', async (request, reply) => {
    const checked = checkScenario(request.body);
    if (!checked.ok) return reply.code(400).send({ errors: checked.errors });
    return runScenario(checked, null).summary;
  });

  // The same run as /api/run, answered as NDJSON progress lines and then the same summary.
  app.post('/api/run/stream', async (request, reply) => {
    const checked = checkScenario(request.body);
    if (!checked.ok) return reply.code(400).send({ errors: checked.errors });
    return reply.type(NDJSON).header('cache-control', 'no-store').send(Readable.from(streamRun(checked)));
  });

  app.post('/api/report', async (request, reply) => {
    const checked = checkScenario(request.body);
    if (!checked.ok) return reply.code(400).send({ errors: checked.errors });
    return reply.type('text/html; charset=utf-8').send(runScenario(checked, options.assets).html);
  });

  app.post<{ Body: { a?: unknown; b?: unknown } }>('/api/compare', async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || !('a' in body) || !('b' in body)) {
      return reply.code(400).send({ errors: { body: [{ path: '', message: 'expected {"a": scenario, "b": scenario}' }] } });
    }
    const a = checkScenario(body.a, 'a.json');
    const b = checkScenario(body.b, 'b.json');
    if (!a.ok || !b.ok) return reply.code(400).send({ errors: { a: a.ok ? [] : a.errors, b: b.ok ? [] : b.errors } });
    return compareRuns(runScenario(a, null).summary, runScenario(b, null).summary);
  });
  return app;
}
