// `lbsim serve`: the web app's routes on fastify. A JSON API (scenarios, validate, run, a run
// streamed with its progress, report, compare) and one page that uses it; every scenario goes
// through the command line's validator, behind the gate of web-guard.ts and the limits of web-limits.ts.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ChartAssets } from '../report/html/html-report.js';
import { filesUnder, type FileAccess } from '../scenario/file-access.js';
import { guardWebApp } from './web-guard.js';
import { DEFAULT_RUN_TIMEOUT_MS, RunAbandoned, RunLimits, RunTimedOut, type RunSlot } from './web-limits.js';
import { checkScenario, compareRuns, runScenario } from './web-run.js';
import { webPage } from './web-page.js';
import { NDJSON, streamRun } from './web-stream.js';

export { DEFAULT_RUN_TIMEOUT_MS } from './web-limits.js';
export { isHostName, LOOPBACK_NAMES } from './web-guard.js';
export { MAX_WEB_REQUESTS } from './web-run.js';

export interface WebAppOptions {
  /** The bundled lessons. */
  scenariosDir: string;
  assets: ChartAssets;
  /** The only folder a posted scenario may name files in (`Config.File`, includes); the lessons' folder by default. */
  filesDir?: string;
  /** Host names accepted besides localhost, 127.0.0.1 and [::1] (`--allow-host`). */
  allowedHosts?: readonly string[];
  /** Wall-clock limit of one run (`--run-timeout`). */
  runTimeoutMs?: number;
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

/** Runs `work` in the client's one run slot: 429 while it has another run going, 503 when the run outlives its time. */
async function withRunSlot(limits: RunLimits, request: FastifyRequest, reply: FastifyReply, work: (slot: RunSlot) => Promise<unknown>): Promise<unknown> {
  const slot = limits.begin(request.ip);
  if (slot === null) return reply.code(429).send({ error: RunLimits.busyMessage });
  // The response closes unfinished only when the client left: the run stops instead of holding the slot.
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) slot.abandon();
  });
  try {
    return await work(slot);
  } catch (error) {
    if (error instanceof RunTimedOut || error instanceof RunAbandoned) return reply.code(503).send({ error: error.message });
    throw error;
  } finally {
    slot.end();
  }
}

/** {"a": scenario, "b": scenario} from a compare body, or null. */
function comparePair(body: string): { a: unknown; b: unknown } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null && 'a' in parsed && 'b' in parsed ? { a: parsed.a, b: parsed.b } : null;
}

function addRunRoutes(app: FastifyInstance, access: FileAccess, limits: RunLimits, assets: ChartAssets): void {
  app.post<{ Body: string }>('/api/validate', async (request) => {
    const checked = checkScenario(request.body, access);
    return checked.ok ? { ok: true, errors: [] } : { ok: false, errors: checked.errors };
  });
  app.post<{ Body: string }>('/api/run', async (request, reply) => {
    const checked = checkScenario(request.body, access);
    if (!checked.ok) return reply.code(400).send({ errors: checked.errors });
    return withRunSlot(limits, request, reply, async (slot) => (await runScenario(checked, null, slot)).summary);
  });
  // The same run as /api/run, answered as NDJSON progress lines and then the same summary; the stream holds the slot.
  app.post<{ Body: string }>('/api/run/stream', async (request, reply) => {
    const checked = checkScenario(request.body, access);
    if (!checked.ok) return reply.code(400).send({ errors: checked.errors });
    const slot = limits.begin(request.ip);
    if (slot === null) return reply.code(429).send({ error: RunLimits.busyMessage });
    // A client that leaves before the stream starts never runs the generator's own release.
    reply.raw.once('close', () => slot.end());
    return reply.type(NDJSON).header('cache-control', 'no-store').send(Readable.from(streamRun(checked, slot)));
  });
  app.post<{ Body: string }>('/api/report', async (request, reply) => {
    const checked = checkScenario(request.body, access);
    if (!checked.ok) return reply.code(400).send({ errors: checked.errors });
    return withRunSlot(limits, request, reply, async (slot) => reply.type('text/html; charset=utf-8').send((await runScenario(checked, assets, slot)).html));
  });
  app.post<{ Body: string }>('/api/compare', async (request, reply) => {
    const pair = comparePair(request.body);
    if (pair === null) return reply.code(400).send({ errors: { body: [{ path: '', message: 'expected {"a": scenario, "b": scenario}' }] } });
    const a = checkScenario(pair.a, access, 'a.json');
    const b = checkScenario(pair.b, access, 'b.json');
    if (!a.ok || !b.ok) return reply.code(400).send({ errors: { a: a.ok ? [] : a.errors, b: b.ok ? [] : b.errors } });
    return withRunSlot(limits, request, reply, async (slot) => compareRuns((await runScenario(a, null, slot)).summary, (await runScenario(b, null, slot)).summary));
  });
}

export function buildWebApp(options: WebAppOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  guardWebApp(app, { allowedHosts: options.allowedHosts ?? [] });
  // JSON only (a page on another origin must ask before sending it), kept as text: a scenario's error
  // positions are positions in what the user typed, and invalid JSON gets the loader's own errors.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const list = lessons(options.scenariosDir);
  const files = new Set(list.map((lesson) => lesson.file));

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(webPage(list)));
  app.get('/api/scenarios', async () => ({ scenarios: list }));
  app.get<{ Params: { file: string } }>('/api/scenarios/:file', async (request, reply) => {
    // Only the listed files: the name never becomes a path of the caller's choosing.
    if (!files.has(request.params.file)) return reply.code(404).send({ error: `no bundled scenario ${request.params.file}` });
    return reply.type('text/plain; charset=utf-8').send(readFileSync(join(options.scenariosDir, request.params.file), 'utf8'));
  });
  addRunRoutes(app, filesUnder(options.filesDir ?? options.scenariosDir), new RunLimits(options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS), options.assets);
  return app;
}
