// An nginx that runs as the current user from a temp prefix: config, pid, logs and temp paths in one
// directory, `daemon off`, listening on 127.0.0.1 only, proxying to the given upstream servers.

import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';

/** A port nothing listens on right now (the OS picks it; someone could take it before nginx does). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Open-source nginx defaults on purpose (max_fails 1, fail_timeout 10s, proxy_next_upstream error timeout): what the `nginx` profile models. */
export function nginxConfig(dir: string, port: number, upstreams: string[]): string {
  const temp = (name: string) => `${name}_temp_path ${join(dir, name)};`;
  return [
    'daemon off;',
    // One process: no workers to switch to another user when the tests run as root.
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} info;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
    `  upstream lbsim { ${upstreams.map((u) => `server ${u.replace(/^http:\/\//, '')};`).join(' ')} }`,
    `  server { listen 127.0.0.1:${port}; location / { proxy_pass http://lbsim; } }`,
    '}',
    '',
  ].join('\n');
}

export interface RunningNginx {
  url: string;
  stop(): Promise<void>;
}

/** Writes the config and starts nginx; resolves once it answers on its port. */
export async function startNginx(dir: string, upstreams: string[]): Promise<RunningNginx> {
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, upstreams));
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-e', join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const { childStopper, tcpConnect } = await import('./live-helpers.js');
  const stop = childStopper(child);
  for (let tries = 0; tries < 50; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    if ((await tcpConnect(port, 200)) === 'open') return { url: `http://127.0.0.1:${port}`, stop };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`nginx did not listen on ${port}: ${stderr}`);
}
