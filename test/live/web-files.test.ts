// The files a scenario posted to `lbsim serve` may make it read: only those inside the served folder.
// Absolute paths, `..` that climbs out, symbolic links (files or folders) that point out, and nginx
// includes that do any of these are refused, and no answer carries a word of a file outside; errors
// in a file inside keep its name and line only. The files outside hold a marker that would show up in
// the answer (as an instance name) if they were ever read.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lbsim, repo } from '../helpers/cli.js';
import { JSON_TYPE, webApp } from '../helpers/web-app.js';

const MARKER = 'SECRET-MARKER-42';

const haproxy = (server: string) => `backend checkout\n    balance roundrobin\n    option httpchk GET /health\n    server ${server} 10.0.1.11:8080 check\n`;
const nginx = (upstreamBody: string) => `http {\n  upstream app {\n    ${upstreamBody}\n  }\n  server {\n    listen 8080;\n    location / { proxy_pass http://app; }\n  }\n}\n`;

let root = '';
let served = '';
let outside = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lbsim-serve-files-'));
  served = join(root, 'served');
  outside = join(root, 'outside');
  mkdirSync(served);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.cfg'), haproxy(MARKER));
  writeFileSync(join(outside, 'secret.conf'), `server ${MARKER}:8080;\n`);
  writeFileSync(join(served, 'good.cfg'), haproxy('app1'));
  writeFileSync(join(served, 'broken.cfg'), `backend checkout\n    balance roundrobin\n    server app1 10.0.1.11:8080 check inter ${MARKER}\n`);
  mkdirSync(join(served, 'nginx'));
  writeFileSync(join(served, 'nginx', 'servers.conf'), 'server 127.0.0.1:9001;\n');
  writeFileSync(join(served, 'nginx', 'inside.conf'), nginx('include servers.conf;'));
  mkdirSync(join(served, 'nginx', 'conf.d'));
  writeFileSync(join(served, 'nginx', 'conf.d', 'a.conf'), 'server 127.0.0.1:9002;\n');
  writeFileSync(join(served, 'nginx', 'conf.d', 'b.conf'), 'server 127.0.0.1:9003;\n');
  writeFileSync(join(served, 'nginx', 'wildcard-inside.conf'), nginx('include conf.d/*.conf;'));
  writeFileSync(join(served, 'nginx', 'absolute.conf'), nginx(`include ${join(outside, 'secret.conf')};`));
  writeFileSync(join(served, 'nginx', 'climbs.conf'), nginx('include ../../outside/secret.conf;'));
  writeFileSync(join(served, 'nginx', 'wildcard-out.conf'), nginx('include ../../outside/*.conf;'));
  writeFileSync(join(served, 'nginx', 'wildcard-linked.conf'), nginx('include ../linked/*.conf;'));
  // A valid target group whose 9 s check timeout becomes invalid under a scenario's 5 s Interval.
  const targetGroup = readFileSync(join(repo, 'test/fixtures/import/aws/alb-target-group.yaml'), 'utf8');
  writeFileSync(join(served, 'tg.yaml'), targetGroup.replace('HealthCheckTimeoutSeconds: 4', 'HealthCheckTimeoutSeconds: 9'));
  symlinkSync(join(outside, 'secret.cfg'), join(served, 'leak.cfg'));
  symlinkSync(outside, join(served, 'linked'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const scenario = (file: string) => JSON.stringify({ Config: { File: file }, Duration: '1m', Traffic: { Rate: 2 } }, null, 2);

describe('files a posted scenario names', () => {
  let app: ReturnType<typeof webApp>;
  beforeAll(() => {
    app = webApp({ filesDir: served });
  });
  afterAll(() => app.close());

  const post = (url: string, payload: string) => app.inject({ method: 'POST', url, headers: JSON_TYPE, payload });

  it('reads a config inside the folder, and the files it includes there (by name and by wildcard)', async () => {
    const good = await post('/api/run', scenario('good.cfg'));
    expect(good.statusCode).toBe(200);
    expect(good.json<{ instances: Array<{ id: string }> }>().instances.map((i) => i.id)).toEqual(['app1']);
    const included = await post('/api/run', scenario('nginx/inside.conf'));
    expect(included.statusCode).toBe(200);
    expect(included.json<{ instances: Array<{ id: string }> }>().instances.map((i) => i.id)).toEqual(['127.0.0.1:9001']);
    const wildcard = await post('/api/run', scenario('nginx/wildcard-inside.conf'));
    expect(wildcard.statusCode).toBe(200);
    expect(wildcard.json<{ instances: Array<{ id: string }> }>().instances.map((i) => i.id)).toEqual(['127.0.0.1:9002', '127.0.0.1:9003']);
  });

  // Each climbs out from the folder (or from the working directory: '../' many times, then the absolute path).
  const climbing = () => `${'../'.repeat(30)}${join(outside, 'secret.cfg').slice(1)}`;
  const refusedConfigs: Array<[string, () => string, string]> = [
    ['an absolute path', () => join(outside, 'secret.cfg'), 'absolute path'],
    ['/etc/passwd', () => '/etc/passwd', 'absolute path'],
    ['../ out of the folder', () => '../outside/secret.cfg', 'leaves the served folder'],
    ['../../etc/passwd', () => '../../etc/passwd', 'leaves the served folder'],
    ['../ as far as the root, then the file', climbing, 'leaves the served folder'],
    ['a symbolic link to a file outside', () => 'leak.cfg', 'symbolic link'],
    ['a file through a linked folder outside', () => 'linked/secret.cfg', 'symbolic link'],
  ];

  it.each(refusedConfigs)('refuses Config.File as %s, quoting nothing of it', async (_what, file, reason) => {
    for (const url of ['/api/validate', '/api/run']) {
      const response = await post(url, scenario(file()));
      const errors = response.json<{ errors: Array<{ path: string; message: string; line: number }> }>().errors;
      expect(errors.map((e) => e.path)).toEqual(['Config.File']);
      expect(errors[0]!.message).toContain('not allowed here');
      expect(errors[0]!.message).toContain(reason);
      expect(errors[0]!.line).toBe(3);
      expect(response.body).not.toContain(MARKER);
      expect(response.body).not.toContain('root:');
    }
  });

  it.each([
    ['an absolute include', 'nginx/absolute.conf'],
    ['an include that climbs out', 'nginx/climbs.conf'],
    ['a wildcard include that climbs out', 'nginx/wildcard-out.conf'],
    ['a wildcard include through a linked folder', 'nginx/wildcard-linked.conf'],
  ])('never reads a file outside through %s', async (_what, file) => {
    const response = await post('/api/run', scenario(file));
    expect(response.body).not.toContain(MARKER);
    // Refused, or (a wildcard that matches nothing inside) an upstream without servers: either way not a run of the secret.
    expect(response.statusCode).toBe(400);
    for (const error of response.json<{ errors: Array<{ file: string }> }>().errors) expect(error.file).not.toContain(outside);
  });

  it('answers an error inside a file of the folder with its name and line only', async () => {
    const response = await post('/api/validate', scenario('broken.cfg'));
    const { errors } = response.json<{ errors: Array<{ file: string; line: number; column: number; path: string; message: string }> }>();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'broken.cfg', line: 3, column: 1, path: '' });
    expect(errors[0]!.message).toContain('lbsim validate');
    expect(response.body).not.toContain(MARKER);
    expect(response.body).not.toContain('inter');
    // The command line, reading the same file for its own user, still says what is wrong.
    const cli = lbsim('import', join(served, 'broken.cfg'));
    expect(cli.stderr + cli.stdout).toContain(MARKER);
  });

  it("answers a value the file set that the scenario makes invalid with the field and the file's name, not the value", async () => {
    const response = await post('/api/validate', JSON.stringify({ Config: { File: 'tg.yaml' }, HealthCheck: { Interval: 5 } }));
    const { errors } = response.json<{ errors: Array<Record<string, unknown>> }>();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: 'HealthCheck.Timeout', file: 'scenario.json' });
    expect(errors[0]!.message).toContain('set by tg.yaml');
    expect(Object.keys(errors[0]!)).not.toContain('actual');
    expect(String(errors[0]!.message)).not.toMatch(/\b9\b/);
  });
});

describe('the bundled lessons that reference a config', () => {
  it('run in the web app, which reads their configs from the lessons folder', async () => {
    const app = webApp();
    const lesson = readFileSync(join(repo, 'scenarios/haproxy-cfg-crash-and-hang.json'), 'utf8');
    const response = await app.inject({ method: 'POST', url: '/api/run', headers: JSON_TYPE, payload: lesson });
    await app.close();
    expect(response.statusCode).toBe(200);
    const fromCli = JSON.parse(lbsim('run', 'scenarios/haproxy-cfg-crash-and-hang.json', '--format', 'json').stdout) as { statusCounts: unknown; gatewayErrors: unknown };
    expect(response.json<{ statusCounts: unknown; gatewayErrors: unknown }>()).toMatchObject({ statusCounts: fromCli.statusCounts, gatewayErrors: fromCli.gatewayErrors });
  });
});

describe('a replay posted to the web app', () => {
  it('is refused before any log is opened: a replay reads a file of this machine, outside the served folder', async () => {
    const app = webApp();
    const lesson = JSON.parse(readFileSync(join(repo, 'scenarios/replay/hang-incident-replay.json'), 'utf8')) as { Traffic: { Replay: { File: unknown } } };
    // An absolute path outside: with no refusal the run would open it and fail on its content.
    lesson.Traffic.Replay.File = join(outside, 'secret.log');
    for (const url of ['/api/validate', '/api/run']) {
      const response = await app.inject({ method: 'POST', url, headers: JSON_TYPE, payload: JSON.stringify(lesson) });
      const { errors } = response.json<{ errors: Array<{ path: string; message: string }> }>();
      expect(errors, url).toEqual([expect.objectContaining({ path: 'Traffic.Replay', message: expect.stringContaining('lbsim run') })]);
      expect(response.body).not.toContain(MARKER);
    }
    await app.close();
  });
});
