// `lbsim serve`'s limits on runs, over a real socket: one run at a time per client (a second gets 429
// while the first streams, and the slot frees when that client goes away), and a wall-clock limit per
// run that stops a long run part-way (503, or an `error` line in a stream) and frees the slot.

import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { JSON_TYPE, seedText, webApp } from '../helpers/web-app.js';

const seed = JSON.parse(seedText) as Record<string, unknown>;
/** 1000 req/s for 50 minutes: 3,000,000 requests, the most the app accepts; seconds of CPU, hundreds of slices' worth of progress. */
const BIG = JSON.stringify({ ...seed, Duration: '50m', Traffic: { Rate: 1000 } });
/** The seed lesson as it is: 10 req/s for 10 minutes, 6,000 requests, tens of milliseconds. */
const SMALL = seedText;

let app: FastifyInstance | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
});

async function started(options: Parameters<typeof webApp>[0] = {}): Promise<string> {
  app = webApp(options);
  return app.listen({ host: '127.0.0.1', port: 0 });
}

const post = (base: string, path: string, body: string, signal?: AbortSignal) =>
  fetch(`${base}${path}`, { method: 'POST', headers: JSON_TYPE, body, ...(signal === undefined ? {} : { signal }) });

type Line = { type: string; simulated?: number; total?: number; message?: string };

/** Reads NDJSON lines from a streamed run until `stop` says so or the stream ends. */
async function readLines(response: Response, stop: (lines: Line[]) => boolean): Promise<Line[]> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const lines: Line[] = [];
  let rest = '';
  for (;;) {
    const chunk = await reader.read();
    rest += decoder.decode(chunk.value ?? new Uint8Array(0), { stream: !chunk.done });
    const parts = rest.split('\n');
    rest = parts.pop()!;
    lines.push(...parts.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Line));
    if (chunk.done || stop(lines)) return lines;
  }
}

/** Retries `attempt` until it answers `status`, for at most `withinMs`; the last status seen. */
async function eventually(attempt: () => Promise<Response>, status: number, withinMs: number): Promise<number> {
  const until = Date.now() + withinMs;
  for (;;) {
    const response = await attempt();
    await response.arrayBuffer();
    if (response.status === status || Date.now() > until) return response.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('one run at a time per client', () => {
  it('answers 429 to a second run while the first streams, serves validation meanwhile, and frees the slot when the client leaves', async () => {
    const base = await started();
    const leave = new AbortController();
    const first = await post(base, '/api/run/stream', BIG, leave.signal);
    expect(first.status).toBe(200);
    const progress = await readLines(first, (lines) => lines.some((l) => l.type === 'progress'));
    expect(progress[0]!.simulated).toBeLessThan(progress[0]!.total!);

    for (const path of ['/api/run', '/api/run/stream', '/api/report']) {
      const second = await post(base, path, SMALL);
      expect(second.status, path).toBe(429);
      expect(((await second.json()) as { error: string }).error).toContain('one run at a time');
    }
    expect((await post(base, '/api/validate', SMALL)).status).toBe(200);

    leave.abort();
    // The slot frees when the server sees the connection close: well within a second on loopback.
    expect(await eventually(() => post(base, '/api/run', SMALL), 200, 5_000)).toBe(200);
  });
});

describe('a run whose client left', () => {
  it('stops at its next slice and frees the slot long before the run would have ended', async () => {
    // The limit is far away (60 s), so only the client leaving can free the slot soon; the 3 M-request
    // run takes seconds of CPU alone (4.3 s on this 2-core machine, 14 s of wall time under load).
    const base = await started({ runTimeoutMs: 60_000 });
    const leave = new AbortController();
    const first = post(base, '/api/run', BIG, leave.signal).catch((error: unknown) => error);
    // Wait until the run holds the slot, then leave.
    expect(await eventually(() => post(base, '/api/run', SMALL), 429, 5_000)).toBe(429);
    leave.abort();
    await first;
    // A slice is 1 % of the run, tens of milliseconds of CPU; the run itself would need seconds more.
    const leftAt = Date.now();
    expect(await eventually(() => post(base, '/api/run', SMALL), 200, 5_000)).toBe(200);
    expect(Date.now() - leftAt).toBeLessThan(1_500);
  });
});

describe('wall-clock limit per run', () => {
  // 1 s: the 3 M-request run needs several seconds of CPU; the 6,000-request one a few tens of milliseconds.
  const LIMIT_MS = 1_000;

  it('stops a run that outlives it with 503, then serves the next run', async () => {
    const base = await started({ runTimeoutMs: LIMIT_MS });
    const response = await post(base, '/api/run', BIG);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toContain('--run-timeout');
    expect((await post(base, '/api/run', SMALL)).status).toBe(200);
  });

  it('ends a streamed run that outlives it with an error line, part-way through the simulated time', async () => {
    const base = await started({ runTimeoutMs: LIMIT_MS });
    const lines = await readLines(await post(base, '/api/run/stream', BIG), () => false);
    const last = lines.at(-1)!;
    expect(last.type).toBe('error');
    expect(last.message).toContain('--run-timeout');
    const progress = lines.filter((l) => l.type === 'progress');
    expect(progress.at(-1)!.simulated).toBeLessThan(progress.at(-1)!.total!);
    expect((await post(base, '/api/run', SMALL)).status).toBe(200);
  });
});
