// `lbsim serve`: starts the web app on 127.0.0.1 (never on every interface: it runs whatever
// scenario it is sent), prints its address and the rules it enforces, and runs until interrupted.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { parseDurationMs } from '../../scenario/duration.js';
import { loadChartAssets } from '../output/chart-assets.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { SetExit } from '../program/regression-program.js';

const SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));

const MAX_RUN_TIMEOUT_MS = 3_600_000;

interface ServeOptions {
  port?: string;
  allowHost: string[];
  files?: string;
  runTimeout?: string;
}

function parsePort(text: string | undefined): number {
  const port = text === undefined ? 8080 : Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port from 0 to 65535, got "${text}"`);
  return port;
}

function parseRunTimeout(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === null || ms <= 0 || ms > MAX_RUN_TIMEOUT_MS) throw new UsageError(`--run-timeout: expected a duration above 0 and at most 1h, such as 30 or "2m", got "${text}"`);
  return ms;
}

function parseFilesDir(text: string | undefined): string {
  if (text === undefined) return SCENARIOS_DIR;
  const dir = resolve(text);
  const isDir = (() => {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  })();
  if (!isDir) throw new UsageError(`--files: expected a folder, got "${text}"`);
  return dir;
}

function hostName(text: string, isHostName: (text: string) => boolean): string {
  if (!isHostName(text)) throw new UsageError(`--allow-host: expected a host name without port or scheme, such as lbsim.internal, got "${text}"`);
  return text.toLowerCase();
}

function rules(address: string, options: { loopbackNames: readonly string[]; allowedHosts: string[]; filesDir: string; runTimeoutMs: number; maxRequests: number }): string {
  const hosts = [...options.loopbackNames, ...options.allowedHosts].join(', ');
  return [
    `lbsim serve: ${address} (Ctrl-C to stop)`,
    `  listens on 127.0.0.1 only; answers requests whose Host is ${hosts} (403 otherwise)`,
    '  POSTs: application/json from this page only (other origins and cross-site requests get 403/415; no CORS)',
    `  files a scenario names (Config.File, includes): only inside ${options.filesDir}`,
    `  runs: one at a time per client address, and local pages all come from 127.0.0.1 (429); stopped if the client leaves; at most ${options.runTimeoutMs / 1000} s each (--run-timeout), at most ${options.maxRequests.toLocaleString('en-US')} simulated requests`,
    '',
  ].join('\n');
}

export async function serveCommand(options: ServeOptions): Promise<number> {
  // The live layer (fastify, sockets) loads only when this command runs, as DESIGN.md asks.
  const { buildWebApp, DEFAULT_RUN_TIMEOUT_MS, MAX_WEB_REQUESTS, isHostName, LOOPBACK_NAMES } = await import('../../live/web-app.js');
  const port = parsePort(options.port);
  const allowedHosts = options.allowHost.map((text) => hostName(text, isHostName));
  const filesDir = parseFilesDir(options.files);
  const givenTimeoutMs = options.runTimeout === undefined ? undefined : parseRunTimeout(options.runTimeout);
  const runTimeoutMs = givenTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const app = buildWebApp({ scenariosDir: SCENARIOS_DIR, assets: loadChartAssets(), filesDir, allowedHosts, runTimeoutMs });
  const address = await app.listen({ host: '127.0.0.1', port });
  process.stdout.write(rules(address, { loopbackNames: LOOPBACK_NAMES, allowedHosts, filesDir, runTimeoutMs, maxRequests: MAX_WEB_REQUESTS }));
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await app.close();
  return ExitCode.ok;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addServeCommand(program: Command, setExit: SetExit): void {
  program
    .command('serve')
    .description('a local web app on 127.0.0.1: the lessons, an editor with live validation, run, report and compare')
    .option('--port <p>', 'the port to listen on (default 8080; 0 picks a free one)')
    .option('--allow-host <name>', 'also answer to this Host name, e.g. behind a proxy (repeatable)', collect, [])
    .option('--files <dir>', 'the folder a posted scenario may name files in (default: the lessons folder)')
    .option('--run-timeout <duration>', 'wall-clock limit of one run, such as 30 or "5m" (default 2m)')
    .action((options: ServeOptions) => setExit(serveCommand(options)));
}
