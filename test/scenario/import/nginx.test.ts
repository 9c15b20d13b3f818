// The nginx reader against the nginx docs (ngx_http_upstream_module, ngx_http_proxy_module,
// syntax.html time units): mapped values, one note per directive with its line, errors with
// file:line:col, and scenarios that pass validateScenario.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportedConfig, ImportOutcome, ReadRelated } from '../../../src/scenario/import/import-types.js';
import { nginxReader, type NginxReadOptions } from '../../../src/scenario/import/nginx/reader.js';
import { parseNginxTimeMs } from '../../../src/scenario/import/nginx/time.js';
import { validateScenario } from '../../../src/scenario/validate.js';

const FIXTURES = 'test/fixtures/import/nginx';

const fromDisk: ReadRelated = (path, fromFile) => {
  const file = join(dirname(fromFile), path);
  try {
    return { ok: true, file, text: readFileSync(file, 'utf8') };
  } catch {
    return { ok: false, message: `cannot open ${file}` };
  }
};

/** Files held in memory, for configs written inside a test. */
const inMemory = (files: Record<string, string>): ReadRelated => (path) =>
  files[path] === undefined ? { ok: false, message: `cannot open ${path}` } : { ok: true, file: path, text: files[path]! };

function readFixture(name: string, options: Partial<NginxReadOptions> = {}): ImportOutcome {
  const file = join(FIXTURES, name);
  return nginxReader.read(readFileSync(file, 'utf8'), file, { readRelated: fromDisk, ...options });
}

function readText(text: string, options: Partial<NginxReadOptions> = {}): ImportOutcome {
  return nginxReader.read(text, 'nginx.conf', { readRelated: inMemory({}), ...options });
}

function imported(outcome: ImportOutcome) {
  if (!outcome.ok) throw new Error(`expected a config, got errors: ${JSON.stringify(outcome.errors)}`);
  return outcome.config;
}

function errorsOf(outcome: ImportOutcome) {
  if (outcome.ok) throw new Error('expected errors');
  return outcome.errors;
}

const wrap = (upstream: string, location = '') => `http {\n${upstream}\nserver {\n listen 80;\n location / {\n  proxy_pass http://app;\n${location}\n }\n}\n}\n`;

describe('nginx reader: a Debian-style nginx.conf with an included conf.d file', () => {
  // Read in each test, not while the file is collected, so mutation testing runs only the tests that reach a mutant.
  let config: ImportedConfig;
  let s: Record<string, any>;
  beforeEach(() => {
    config = imported(readFixture('nginx.conf'));
    s = config.scenario as Record<string, any>;
  });

  it('takes the upstream the proxy_pass uses, its servers as instances and the backup left out', () => {
    expect(s['Name']).toBe('app_backend');
    expect(s['LoadBalancerName']).toBe('app_backend');
    expect(s['Instances']).toEqual([{ InstanceId: '10.0.1.11:8080' }, { InstanceId: '10.0.1.12:8080' }, { InstanceId: '10.0.1.13:8080' }]);
    const backup = config.notModelled.find((n) => n.directive.includes('backup'))!;
    expect(backup.at).toEqual({ file: join(FIXTURES, 'conf.d/app.conf'), line: 6, column: 5 });
    expect(backup.detail).toMatch(/no backup pool/);
  });

  it('maps least_conn, max_fails=3 fail_timeout=30s and the listen port', () => {
    expect(s['Balancing']['Algorithm']).toBe('least-outstanding');
    expect(s['Profile']['Base']).toBe('nginx');
    expect(s['Profile']['MaxFails']).toBe(3);
    expect(s['Profile']['FailTimeout']).toBe(30);
    expect(s['Listeners']).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 8000, InstanceProtocol: 'HTTP', InstancePort: 8080 }]);
  });

  it('inherits proxy_connect_timeout from http, and the location\'s proxy_read_timeout wins over http\'s', () => {
    expect(s['Profile']['ConnectTimeout']).toBe(5);
    expect(s['LoadBalancerAttributes']).toEqual({ ConnectionSettings: { IdleTimeout: 10 } });
    const overridden = config.notModelled.find((n) => n.directive === 'proxy_read_timeout 30s')!;
    expect(overridden.at).toEqual({ file: join(FIXTURES, 'nginx.conf'), line: 22, column: 5 });
    expect(overridden.detail).toMatch(/overridden/);
  });

  it('proxy_next_upstream error timeout http_502 http_503 retries errors, timeouts and 5xx; tries 2 is one retry', () => {
    expect(s['Balancing']['RetryOn']).toEqual(['ConnectRefused', 'ConnectTimeout', 'ResponseTimeout', 'UpstreamReset', 'KeepAliveRace', '5xx']);
    expect(s['Profile']['RetryOn']).toBeUndefined();
    expect(s['Profile']['Retries']).toBe(1);
  });

  it('notes keepalive as not modelled and the defaults of the scenario are the contract\'s', () => {
    expect(config.notModelled.find((n) => n.directive === 'keepalive 32')?.at.line).toBe(7);
    expect(s).toMatchObject({ Duration: '10m', Seed: 1, Traffic: { Rate: 10, Arrival: 'poisson' } });
    expect(s['Events']).toBeUndefined();
    expect(s['Expect']).toBeUndefined();
  });

  it('notes every directive exactly once, at its own file and line, except inside blocks noted whole', () => {
    // An independent count: every line of the three files that starts a directive, minus the
    // lines inside the blocks the reader notes whole (events, types, location /static/).
    const insideWholeBlocks: Record<string, number[]> = { 'nginx.conf': [6], 'mime.types': [2, 3, 4, 5], 'conf.d/app.conf': [16] };
    const expected: string[] = [];
    for (const name of ['nginx.conf', 'mime.types', 'conf.d/app.conf']) {
      readFileSync(join(FIXTURES, name), 'utf8').split('\n').forEach((line, i) => {
        const code = line.replace(/#.*/, '').trim();
        if (/^[a-z_]/.test(code) && !insideWholeBlocks[name]!.includes(i + 1)) expected.push(`${join(FIXTURES, name)}:${i + 1}`);
      });
    }
    const noted = [...config.applied, ...config.notModelled].map((n) => `${n.at.file}:${n.at.line}`);
    expect([...noted].sort()).toEqual([...expected].sort());
    expect(new Set(noted).size).toBe(noted.length);
  });

  it('produces a valid scenario', () => {
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
  });
});

describe('nginx reader: a conf.d file of upstream and server blocks', () => {
  it('different weights give weighted-round-robin with Weight per instance; down is Registered false', () => {
    const s = imported(readFixture('sites/shop.conf')).scenario as Record<string, any>;
    expect(s['Name']).toBe('shop');
    expect(s['Balancing']).toEqual({ Algorithm: 'weighted-round-robin' });
    expect(s['Instances']).toEqual([
      { InstanceId: 'shop-a.internal:9000', Weight: 3 },
      { InstanceId: 'shop-b.internal:9000', Weight: 1 },
      { InstanceId: 'shop-c.internal:9000', Weight: 1, Registered: false },
    ]);
    // Nothing in the file changes nginx's defaults, so the profile is the bare name.
    expect(s['Profile']).toBe('nginx');
    expect(s['Listeners'][0].LoadBalancerPort).toBe(8080);
    expect(validateScenario(s)).toMatchObject({ ok: true });
  });

  it('hash $http_x_session_id consistent hashes the X-Session-Id header', () => {
    const s = imported(readFixture('sites/shop.conf', { backend: 'shop_sessions' })).scenario as Record<string, any>;
    expect(s['Balancing']).toEqual({ Algorithm: 'consistent-hash', HashKey: { Header: 'x-session-id' } });
    expect(validateScenario(s)).toMatchObject({ ok: true });
  });

  it('random two least_conn is power-of-two-choices; a server without a port is port 80', () => {
    const s = imported(readFixture('sites/shop.conf', { backend: 'shop_random' })).scenario as Record<string, any>;
    expect(s['Balancing']).toEqual({ Algorithm: 'power-of-two-choices' });
    expect(s['Instances']).toEqual([{ InstanceId: '10.0.3.31:80' }, { InstanceId: '10.0.3.32:80' }]);
    expect(s['Listeners'][0].InstancePort).toBe(80);
  });

  it('ip_hash is consistent-hash on the client', () => {
    const config = imported(readFixture('sites/shop.conf', { backend: 'shop_iphash' }));
    expect((config.scenario as any)['Balancing']).toEqual({ Algorithm: 'consistent-hash', HashKey: 'client' });
    expect(config.applied.find((n) => n.directive === 'ip_hash')?.detail).toMatch(/three octets/);
  });

  it('an unknown --backend is an error listing the upstreams', () => {
    const [error] = errorsOf(readFixture('sites/shop.conf', { backend: 'shopp' }));
    expect(error).toMatchObject({ line: 1, column: 1, message: 'unknown upstream "shopp"', actual: 'shopp' });
    expect(error!.expected).toBe('one of "shop", "shop_sessions", "shop_random", "shop_iphash"');
  });
});

describe('nginx reader: the lesson config in scenarios/configs/nginx', () => {
  it('reads three servers, max_fails=2 fail_timeout=20s, 2s connect, 5s read, two tries, and validates', () => {
    const file = 'scenarios/configs/nginx/nginx.conf';
    const s = imported(nginxReader.read(readFileSync(file, 'utf8'), file, { readRelated: fromDisk })).scenario as Record<string, any>;
    expect(s['Instances']).toHaveLength(3);
    expect(s['Profile']).toMatchObject({ Base: 'nginx', MaxFails: 2, FailTimeout: 20, ConnectTimeout: 2, Retries: 1 });
    expect(s['LoadBalancerAttributes']).toEqual({ ConnectionSettings: { IdleTimeout: 5 } });
    expect(s['Listeners'][0].LoadBalancerPort).toBe(8080);
    expect(validateScenario(s)).toMatchObject({ ok: true });
  });

  it('a hash key lbsim cannot hash is noted and leaves round robin', () => {
    const config = imported(readText(wrap('upstream app { hash $cookie_sid; server 10.0.0.1; server 10.0.0.2; }')));
    expect((config.scenario as any)['Balancing']).toEqual({ Algorithm: 'round-robin' });
    expect(config.notModelled.find((n) => n.directive === 'hash $cookie_sid')?.detail).toMatch(/not modelled/);
  });
});

describe('nginx reader: choosing the upstream', () => {
  it('two upstreams and no proxy_pass: an error listing both', () => {
    const text = 'upstream a { server 10.0.0.1; }\nupstream b { server 10.0.0.2; }\n';
    const [error] = errorsOf(readText(text));
    expect(error!.message).toMatch(/choose one with --backend/);
    expect(error!.expected).toBe('one of "a", "b"');
  });

  it('the only upstream is taken even when nothing proxies to it', () => {
    const s = imported(readText('upstream solo { server 10.0.0.1:81; server 10.0.0.2:81; }\n')).scenario as Record<string, any>;
    expect(s['Name']).toBe('solo');
    expect(s['Listeners'][0]).toMatchObject({ LoadBalancerPort: 80, InstancePort: 81 });
  });
});

describe('nginx reader: proxy_next_upstream and its tries', () => {
  const settings = (location: string) => imported(readText(wrap('upstream app { server 10.0.0.1; server 10.0.0.2; server 10.0.0.3; }', location))).scenario as Record<string, any>;

  it('invalid_header adds MalformedResponse; without it (nginx default error timeout) it is not retried', () => {
    expect(settings('proxy_next_upstream error timeout invalid_header;')['Profile']['RetryOn']).toEqual([
      'ConnectRefused', 'ConnectTimeout', 'ResponseTimeout', 'UpstreamReset', 'KeepAliveRace', 'MalformedResponse',
    ]);
    const plain = settings('proxy_next_upstream error;');
    expect(plain['Profile']['RetryOn']).toEqual(['ConnectRefused', 'UpstreamReset', 'KeepAliveRace']);
  });

  it('off retries nothing', () => {
    expect(settings('proxy_next_upstream off;')['Profile']['RetryOn']).toEqual([]);
  });

  it('tries 0 is unlimited (no override); tries 50 is capped at 10 retries and says so', () => {
    expect(settings('proxy_next_upstream_tries 0;')['Profile']).toBe('nginx');
    const outcome = imported(readText(wrap('upstream app { server 10.0.0.1; server 10.0.0.2; }', 'proxy_next_upstream_tries 50;')));
    expect((outcome.scenario as any)['Profile']['Retries']).toBe(10);
    expect(outcome.applied.find((n) => n.directive.startsWith('proxy_next_upstream_tries'))!.detail).toMatch(/capped from 49/);
  });

  it('proxy_next_upstream_timeout is noted as not modelled', () => {
    const config = imported(readText(wrap('upstream app { server 10.0.0.1; }', 'proxy_next_upstream_timeout 10s;')));
    expect(config.notModelled.find((n) => n.directive === 'proxy_next_upstream_timeout 10s')?.at).toEqual({ file: 'nginx.conf', line: 7, column: 1 });
  });

  it('servers whose max_fails differ: the first one\'s is used and the difference is said', () => {
    const config = imported(readText(wrap('upstream app { server 10.0.0.1 max_fails=2; server 10.0.0.2 max_fails=5; }')));
    expect((config.scenario as any)['Profile']['MaxFails']).toBe(2);
    expect(config.applied.find((n) => n.directive === 'server 10.0.0.2 max_fails=5')!.detail).toMatch(/max_fails differs/);
  });
});

describe('nginx time values (nginx.org/en/docs/syntax.html, ngx_parse_time)', () => {
  it('reads the documented units; a bare number is seconds; "1h 30m" is 90m is 5400s', () => {
    expect(parseNginxTimeMs('1h 30m', 'milliseconds')).toBe(5_400_000);
    expect(parseNginxTimeMs('90m', 'milliseconds')).toBe(5_400_000);
    expect(parseNginxTimeMs('5400', 'milliseconds')).toBe(5_400_000);
    expect(parseNginxTimeMs('500ms', 'milliseconds')).toBe(500);
    expect(parseNginxTimeMs('2w', 'milliseconds')).toBe(14 * 86_400_000);
    expect(parseNginxTimeMs('1y', 'seconds')).toBe(365 * 86_400_000);
    expect(parseNginxTimeMs('1M', 'seconds')).toBe(30 * 86_400_000);
  });

  it('rejects what nginx rejects: units out of order, parts without a space, ms in a seconds value, decimals', () => {
    expect(parseNginxTimeMs('30m 1h', 'milliseconds')).toBeNull();
    expect(parseNginxTimeMs('1h30m', 'milliseconds')).toBeNull();
    expect(parseNginxTimeMs('500ms', 'seconds')).toBeNull();
    expect(parseNginxTimeMs('1.5s', 'milliseconds')).toBeNull();
    expect(parseNginxTimeMs('10x', 'seconds')).toBeNull();
  });
});

describe('nginx reader: config errors carry file:line:col', () => {
  it('a missing ";" points at what came instead', () => {
    const errors = errorsOf(readText('upstream app {\n    server 10.0.0.1:80\n}\n'));
    expect(errors).toEqual([expect.objectContaining({ file: 'nginx.conf', line: 3, column: 1, path: 'server', expected: '";" or "{"', actual: '"}"' })]);
  });

  it('an unclosed block and a stray "}"', () => {
    const [open] = errorsOf(readText('http {\n  upstream app { server 10.0.0.1; }\n'));
    expect(open).toMatchObject({ line: 3, column: 1, expected: '"}"', actual: 'end of file' });
    expect(open!.message).toMatch(/opened at line 1, column 6/);
    const [stray] = errorsOf(readText('upstream app { server 10.0.0.1; }\n}\n'));
    expect(stray).toMatchObject({ line: 2, column: 1, actual: '"}"' });
  });

  it('a server line without an address, a bad weight and a bad fail_timeout, all at once', () => {
    const errors = errorsOf(readText('upstream app {\n  server weight=2;\n  server 10.0.0.2 weight=0;\n  server 10.0.0.3 fail_timeout=10q;\n}\n'));
    expect(errors.map((e) => [e.line, e.column, e.path])).toEqual([[2, 10, 'server'], [3, 19, 'server'], [4, 19, 'server']]);
    expect(errors[2]).toMatchObject({ message: 'invalid fail_timeout', actual: '10q' });
  });

  it('a bad time value in a location, in an included file, points into that file', () => {
    const files = { 'proxy.conf': '# shared proxy settings\nproxy_read_timeout 1h30m;\n' };
    const text = wrap('upstream app { server 10.0.0.1; }', 'include proxy.conf;');
    const [error] = errorsOf(nginxReader.read(text, 'nginx.conf', { readRelated: inMemory(files) }));
    expect(error).toMatchObject({ file: 'proxy.conf', line: 2, column: 20, path: 'proxy_read_timeout', actual: '1h30m' });
  });

  it('an include that cannot be read, and a wildcard include without a lister', () => {
    const [missing] = errorsOf(readText('include nothere.conf;\n'));
    expect(missing).toMatchObject({ line: 1, column: 9, path: 'include', actual: 'nothere.conf' });
    const [wild] = errorsOf(readText('include conf.d/*.conf;\n'));
    expect(wild!.message).toMatch(/wildcard include needs a file list/);
  });
});

describe('nginx reader: syntax', () => {
  it('quotes, escapes, comments and $vars; a wildcard include read through listRelated, in sorted order', () => {
    const files = {
      'conf.d/b.conf': 'server { listen "8081"; location / { proxy_pass http://app; proxy_set_header X-Real-IP $remote_addr; } }\n',
      'conf.d/a.conf': "upstream app { server '10.0.0.1:9000'; # first\n server 10.0.0.2:9000; }\n",
    };
    const config = imported(
      nginxReader.read('http {\n  include conf.d/*.conf;\n}\n', 'nginx.conf', {
        readRelated: inMemory(files),
        listRelated: () => ({ ok: true as const, files: ['conf.d/b.conf', 'conf.d/a.conf'] }),
      }),
    );
    const s = config.scenario as Record<string, any>;
    expect(s['Instances']).toEqual([{ InstanceId: '10.0.0.1:9000' }, { InstanceId: '10.0.0.2:9000' }]);
    expect(s['Listeners'][0].LoadBalancerPort).toBe(8081);
    expect(config.notModelled.find((n) => n.directive.startsWith('proxy_set_header'))).toMatchObject({
      directive: 'proxy_set_header X-Real-IP $remote_addr',
      at: { file: 'conf.d/b.conf', line: 1, column: 61 },
    });
    expect(config.applied[0]).toMatchObject({ directive: 'http' });
    expect(config.applied[1]!.detail).toBe('read conf.d/a.conf, conf.d/b.conf: its directives are noted one by one');
  });

  it('detects nginx configs', () => {
    expect(nginxReader.detect('upstream app {\n server 10.0.0.1;\n}\n', 'x.conf')).toBe(true);
    expect(nginxReader.detect('global\n    maxconn 100\ndefaults\n    mode http\n', 'haproxy.cfg')).toBe(false);
  });
});
