// `lbsim serve [--port P]`: starts the web app on 127.0.0.1 (never on every interface: it runs
// whatever scenario it is sent) and keeps running until interrupted.

import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadChartAssets } from '../output/chart-assets.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { SetExit } from '../program/regression-program.js';

const SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios', import.meta.url));

export async function serveCommand(options: { port?: string }): Promise<number> {
  const port = options.port === undefined ? 8080 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected a port from 0 to 65535, got "${options.port}"`);
  // The live layer (fastify, sockets) loads only when this command runs, as DESIGN.md asks.
  const { buildWebApp } = await import('../../live/web-app.js');
  const app = buildWebApp({ scenariosDir: SCENARIOS_DIR, assets: loadChartAssets() });
  const address = await app.listen({ host: '127.0.0.1', port });
  process.stdout.write(`lbsim serve: ${address} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  return ExitCode.ok;
}

export function addServeCommand(program: Command, setExit: SetExit): void {
  program
    .command('serve')
    .description('a local web app on 127.0.0.1: the lessons, an editor with live validation, run, report and compare')
    .option('--port <p>', 'the port to listen on (default 8080; 0 picks a free one)')
    .action((options: { port?: string }) => setExit(serveCommand(options)));
}
