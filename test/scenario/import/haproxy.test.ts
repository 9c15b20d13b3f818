// The haproxy.cfg reader against HAProxy's documented meaning of each directive (configuration.txt:
// times in ms unless a unit is given, inter 2s / rise 2 / fall 3 defaults, random draws 2 by default),
// every line of a read section noted exactly once, errors at file:line:col, and valid scenarios.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DirectiveNote, ImportedConfig, ImportOutcome } from '../../../src/scenario/import/import-types.js';
import { haproxyReader } from '../../../src/scenario/import/haproxy/reader.js';
import { tokenize } from '../../../src/scenario/import/haproxy/tokenize.js';
import { parseDurationMs } from '../../../src/scenario/duration.js';
import { validateScenario } from '../../../src/scenario/validate.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/import/haproxy');
const LESSON = join(import.meta.dirname, '../../../scenarios/configs/haproxy');
const noRelated = () => ({ ok: false as const, message: 'haproxy.cfg has no includes' });

function read(text: string, backend?: string, file = 'haproxy.cfg'): ImportOutcome {
  return haproxyReader.read(text, file, { readRelated: noRelated, ...(backend === undefined ? {} : { backend }) });
}

function imported(text: string, backend?: string) {
  const outcome = read(text, backend);
  if (!outcome.ok) throw new Error(`import failed: ${JSON.stringify(outcome.errors)}`);
  return outcome.config;
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const scenarioOf = (text: string, backend?: string) => imported(text, backend).scenario as Record<string, any>;
const allNotes = (text: string, backend?: string): DirectiveNote[] => {
  const config = imported(text, backend);
  return [...config.applied, ...config.notModelled];
};
/** A scenario duration in milliseconds, however the reader chose to spell it. */
const ms = (value: unknown) => parseDurationMs(value);
const noteAt = (notes: DirectiveNote[], line: number, column: number) => notes.filter((n) => n.at.line === line && n.at.column === column);

/** Where each directive starts, found by scanning the text, not by the reader's tokenizer. */
function directiveStarts(text: string): Array<{ line: number; column: number; text: string }> {
  return text.split('\n').flatMap((raw, i) => {
    const column = raw.search(/\S/);
    if (column < 0 || raw[column] === '#') return [];
    return [{ line: i + 1, column: column + 1, text: raw.trim() }];
  });
}

/** A backend with the given lines, behind no frontend. */
const backend = (...lines: string[]) => `backend app\n${lines.map((l) => `    ${l}`).join('\n')}\n`;

describe('haproxy reader: a typical web tier (web.cfg)', () => {
  const text = fixture('web.cfg');
  // Read in each test, not while the file is collected, so mutation testing runs only the tests that reach a mutant.
  let scenario: Record<string, any>;
  beforeEach(() => {
    scenario = scenarioOf(text);
  });

  it('maps health-check settings as HAProxy documents them', () => {
    // default-server inter 3s fall 2 rise 3; option httpchk GET /healthz; timeout check 1500ms.
    const { Interval, Timeout, ...rest } = scenario.HealthCheck;
    expect(rest).toEqual({ Target: 'HTTP:8000/healthz', HealthyThreshold: 3, UnhealthyThreshold: 2 });
    expect([ms(Interval), ms(Timeout)]).toEqual([3000, 1500]);
    expect(scenario.Profile).toEqual({ Base: 'haproxy', ConnectTimeout: 3, Retries: 2, Redispatch: true, Matcher: '200' });
    expect(scenario.LoadBalancerAttributes).toEqual({ ConnectionSettings: { IdleTimeout: 20 } });
  });

  it('takes the port from the frontend that routes here and the servers\' port', () => {
    expect(scenario.Listeners).toEqual([{ Protocol: 'HTTP', LoadBalancerPort: 8080, InstanceProtocol: 'HTTP', InstancePort: 8000 }]);
  });

  it('uses weighted round robin when weights differ and leaves the backup server out', () => {
    expect(scenario.Balancing).toEqual({ Algorithm: 'weighted-round-robin' });
    expect(scenario.Instances).toEqual([{ InstanceId: 'web1', Weight: 10 }, { InstanceId: 'web2', Weight: 10 }, { InstanceId: 'web3', Weight: 20 }]);
    const backup = noteAt(imported(text).notModelled, 37, 5);
    expect(backup[0]?.detail).toMatch(/backup server/);
  });

  it('notes every directive line exactly once, at its line and column', () => {
    const notes = allNotes(text);
    for (const start of directiveStarts(text)) {
      expect(noteAt(notes, start.line, start.column), `${start.line}: ${start.text}`).toHaveLength(1);
    }
    const spots = notes.map((n) => `${n.at.line}:${n.at.column}`);
    expect(new Set(spots).size).toBe(spots.length);
  });

  it('lists unmodelled server parameters at their own column', () => {
    const config = imported(text);
    const line36 = readFileSync(join(FIXTURES, 'web.cfg'), 'utf8').split('\n')[35]!;
    const cookie = config.notModelled.find((n) => n.directive === 'cookie w3');
    expect(cookie?.at).toEqual({ file: 'haproxy.cfg', line: 36, column: line36.indexOf('cookie') + 1 });
    expect(config.notModelled.find((n) => n.directive === 'maxconn 100')?.at.line).toBe(33);
  });

  it('produces a valid scenario', () => {
    expect(validateScenario(scenario)).toMatchObject({ ok: true });
  });
});

describe('haproxy reader: a tcp listen section (listen-tcp.cfg)', () => {
  const text = fixture('listen-tcp.cfg');
  let config: ImportedConfig;
  let scenario: Record<string, any>;
  beforeEach(() => {
    config = imported(text);
    scenario = config.scenario as Record<string, any>;
  });

  it('reads times without a unit as milliseconds', () => {
    // `inter 500` and `timeout connect 500` are 500 ms, not 500 s (configuration.txt §2.4).
    expect(ms(scenario.HealthCheck.Interval)).toBe(500);
    expect(ms(scenario.Profile.ConnectTimeout)).toBe(500);
    expect(ms(scenario.Profile.FastInterval)).toBe(200);
    expect(ms(scenario.Profile.DownInterval)).toBe(10_000);
    expect(scenario.HealthCheck).toMatchObject({ Target: 'TCP:3306', HealthyThreshold: 1, UnhealthyThreshold: 2 });
    expect(scenario.HealthCheck.Timeout).toBeUndefined();
    expect(scenario.LoadBalancerAttributes.ConnectionSettings.IdleTimeout).toBe(60);
  });

  it('says what it cannot model: tcp mode, a second server\'s inter, a server without check', () => {
    const find = (line: number) => config.notModelled.filter((n) => n.at.line === line).map((n) => n.detail).join(' / ');
    expect(find(13)).toMatch(/lbsim models HTTP/);
    expect(find(17)).toMatch(/differs from db1's inter 500/);
    expect(find(18)).toMatch(/never checked by HAProxy/);
    expect(scenario.Balancing).toEqual({ Algorithm: 'least-outstanding' });
    expect(scenario.Instances).toHaveLength(3);
  });

  it('notes every line once and produces a valid scenario', () => {
    const notes = [...config.applied, ...config.notModelled];
    for (const start of directiveStarts(text)) expect(noteAt(notes, start.line, start.column), start.text).toHaveLength(1);
    expect(validateScenario(scenario)).toMatchObject({ ok: true });
  });
});

describe('haproxy reader: several backends and defaults sections (multi.cfg)', () => {
  const text = fixture('multi.cfg');

  it('asks for --backend when several backends have servers, at the first line', () => {
    const outcome = read(text);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toMatchObject({ file: 'haproxy.cfg', line: 1, column: 1, expected: '--backend static | api | late' });
    expect(outcome.errors[0]!.message).toMatch(/static \(line 23\), api \(line 28\), late \(line 43\)/);
  });

  it('rejects an unknown --backend with a suggestion, and a frontend name', () => {
    const unknown = read(text, 'apii');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.errors[0]).toMatchObject({ line: 1, column: 1, path: '--backend', expected: 'one of static, api, late', actual: 'apii' });
    if (!unknown.ok) expect(unknown.errors[0]!.message).toMatch(/did you mean "api"/);
    const frontend = read(text, 'public');
    expect(!frontend.ok && frontend.errors[0]!.message).toMatch(/is a frontend/);
  });

  it('takes a named defaults section with `from`', () => {
    const scenario = scenarioOf(text, 'api');
    // defaults base: connect 2s, server 45s, retries 5; the anonymous defaults (5s, 30s, redispatch) do not apply.
    expect(scenario.Profile).toEqual({ Base: 'haproxy', ConnectTimeout: 2, Retries: 5, Redispatch: false, Matcher: '200-299' });
    expect(scenario.LoadBalancerAttributes.ConnectionSettings.IdleTimeout).toBe(45);
  });

  it('reads http-check send, the check port, rstatus, hdr() hashing and disabled servers', () => {
    const scenario = scenarioOf(text, 'api');
    expect(scenario.HealthCheck).toEqual({ Target: 'HTTP:9100/ready' });
    expect(scenario.Balancing).toEqual({ Algorithm: 'consistent-hash', HashKey: { Header: 'X-User-Id' } });
    expect(scenario.Instances).toEqual([{ InstanceId: 'api1' }, { InstanceId: 'api2' }, { InstanceId: 'api3', Registered: false }]);
    expect(scenario.Listeners[0].LoadBalancerPort).toBe(80);
    const notes = imported(text, 'api').notModelled;
    expect(notes.find((n) => n.at.line === 33)?.directive).toBe('ver HTTP/1.1 hdr Host api.internal');
    expect(notes.find((n) => n.at.line === 18)?.detail).toMatch(/one listener/);
    expect(validateScenario(scenario)).toMatchObject({ ok: true });
  });

  it('applies only the last defaults section before a backend', () => {
    // `backend late` follows the third defaults (timeout server 5s only): no redispatch, no connect timeout.
    const scenario = scenarioOf(text, 'late');
    expect(scenario.Profile).toEqual({ Base: 'haproxy', ActiveChecks: false });
    expect(scenario.LoadBalancerAttributes.ConnectionSettings.IdleTimeout).toBe(5);
    const notes = allNotes(text, 'late');
    expect(noteAt(notes, 4, 1)[0]?.detail).toMatch(/not inherited/);
    expect(noteAt(notes, 39, 1)[0]?.detail).toMatch(/inherited by backend late/);
  });

  it('maps `balance random` to the least loaded of 2 draws, HAProxy\'s default', () => {
    const scenario = scenarioOf(text, 'static');
    expect(scenario.Balancing).toEqual({ Algorithm: 'least-outstanding', Choices: 2 });
    expect(validateScenario(scenario)).toMatchObject({ ok: true });
  });

  it('notes each section header once', () => {
    const notes = allNotes(text, 'api');
    for (const line of [1, 4, 10, 16, 23, 28, 39, 43]) expect(noteAt(notes, line, 1), `line ${line}`).toHaveLength(1);
  });
});

describe('haproxy reader: quoting, environment variables, no checks (quoting.cfg)', () => {
  const text = fixture('quoting.cfg');
  let config: ImportedConfig;
  let scenario: Record<string, any>;
  beforeEach(() => {
    config = imported(text);
    scenario = config.scenario as Record<string, any>;
  });

  it('unquotes values and keeps a # inside quotes', () => {
    expect(scenario.LoadBalancerAttributes.ConnectionSettings.IdleTimeout).toBe(120);
    expect(scenario.Name).toBe('cart');
    expect(config.notModelled.find((n) => n.at.line === 12)?.directive).toContain('"a # inside quotes"');
  });

  it('turns active checks off when no server has check, and leaves weight 0 and disabled servers unregistered', () => {
    expect(scenario.Profile).toEqual({ Base: 'haproxy', ActiveChecks: false });
    expect(scenario.HealthCheck).toBeUndefined();
    expect(scenario.Instances).toEqual([{ InstanceId: 'c1', Registered: false }, { InstanceId: 'c2', Registered: false }, { InstanceId: 'c3' }]);
    expect(scenario.Listeners[0].InstancePort).toBe(8080);
    expect(config.notModelled.find((n) => n.at.line === 11)?.detail).toMatch(/no server has check/);
  });

  it('hashes the source address with a client population and says map-based hashing is not modelled', () => {
    expect(scenario.Balancing).toEqual({ Algorithm: 'consistent-hash', HashKey: 'client' });
    expect(scenario.Traffic.Clients).toEqual({ Count: 100 });
    expect(config.notModelled.find((n) => n.at.line === 10)?.detail).toMatch(/map-based/);
  });

  it('notes every line once and produces a valid scenario', () => {
    const notes = [...config.applied, ...config.notModelled];
    for (const start of directiveStarts(text)) expect(noteAt(notes, start.line, start.column), start.text).toHaveLength(1);
    expect(validateScenario(scenario)).toMatchObject({ ok: true });
  });
});

describe('haproxy reader: config errors (bad.cfg)', () => {
  const text = fixture('bad.cfg');
  const lines = text.split('\n');
  const columnOf = (line: number, word: string) => lines[line - 1]!.indexOf(word) + 1;

  it('reports every error at once with file:line:col, in file order', () => {
    const outcome = read(text, undefined, 'conf/bad.cfg');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const spots = outcome.errors.map((e) => [e.file, e.line, e.column, e.actual]);
    expect(spots).toEqual([
      ['conf/bad.cfg', 3, columnOf(3, '5x'), '5x'],
      ['conf/bad.cfg', 6, columnOf(6, 'fastest'), 'fastest'],
      ['conf/bad.cfg', 7, columnOf(7, '2x'), '2x'],
      ['conf/bad.cfg', 8, columnOf(8, 'rise 0') + 5, '0'],
      ['conf/bad.cfg', 9, columnOf(9, 'a2'), 'nothing'],
      ['conf/bad.cfg', 10, columnOf(10, '300'), '300'],
    ]);
    expect(outcome.errors[1]).toMatchObject({ path: 'balance', message: 'unknown balance algorithm' });
    expect(outcome.errors[4]).toMatchObject({ path: 'server', message: 'server line without an address' });
  });

  it('reports an unmatched quote and a line outside any section', () => {
    const quote = read('global\n    daemon\nbackend app\n    server a "10.0.0.1:80\n');
    expect(!quote.ok && quote.errors[0]).toMatchObject({ line: 4, column: 14, message: 'unmatched double quote' });
    const stray = read('server a 10.0.0.1:80\nbackend app\n    server b 10.0.0.2:80\n');
    expect(!stray.ok && stray.errors[0]).toMatchObject({ line: 1, column: 1, message: 'directive outside any section' });
  });

  it('does not treat an unknown server keyword as an error', () => {
    const config = imported(backend('server a 10.0.0.1:80 check shiny-new-option 7 weight 2', 'server b 10.0.0.2:80 check'));
    expect(config.notModelled.find((n) => n.directive === 'shiny-new-option 7')?.detail).toBe('not modelled');
    expect((config.scenario as any).Instances).toEqual([{ InstanceId: 'a', Weight: 2 }, { InstanceId: 'b', Weight: 1 }]);
  });
});

describe('haproxy reader: balance algorithms', () => {
  const balancing = (line: string, servers = ['server a 10.0.0.1:80', 'server b 10.0.0.2:80']) => scenarioOf(backend(line, ...servers)).Balancing;

  it('maps each algorithm as configuration.txt describes it', () => {
    expect(balancing('balance roundrobin')).toEqual({ Algorithm: 'round-robin' });
    expect(balancing('balance static-rr')).toEqual({ Algorithm: 'weighted-round-robin' });
    expect(balancing('balance leastconn')).toEqual({ Algorithm: 'least-outstanding' });
    expect(balancing('balance random(1)')).toEqual({ Algorithm: 'random' });
    expect(balancing('balance random(1)', ['server a 10.0.0.1:80 weight 3', 'server b 10.0.0.2:80'])).toEqual({ Algorithm: 'weighted-random' });
    expect(balancing('balance random(2)')).toEqual({ Algorithm: 'least-outstanding', Choices: 2 });
    expect(balancing('balance random(3)')).toEqual({ Algorithm: 'least-outstanding', Choices: 3 });
    expect(balancing('balance uri')).toEqual({ Algorithm: 'consistent-hash', HashKey: 'path' });
    expect(balancing('balance hdr(Host)')).toEqual({ Algorithm: 'consistent-hash', HashKey: { Header: 'Host' } });
  });

  it('says which algorithm stands in for `first`', () => {
    const config = imported(backend('balance first', 'server a 10.0.0.1:80'));
    expect((config.scenario as any).Balancing).toEqual({ Algorithm: 'round-robin' });
    expect(config.notModelled.find((n) => n.at.line === 2)?.detail).toMatch(/first .* not modelled: round-robin used instead/);
  });

  it('has no Balancing when the file names no algorithm and weights are equal', () => {
    expect(scenarioOf(backend('server a 10.0.0.1:80')).Balancing).toBeUndefined();
  });

  it('notes a hash-type that has no effect', () => {
    const config = imported(backend('balance roundrobin', 'hash-type consistent', 'server a 10.0.0.1:80'));
    expect(config.notModelled.find((n) => n.at.line === 3)?.detail).toMatch(/no effect/);
  });
});

describe('haproxy reader: servers and checks', () => {
  it('applies default-server only to the servers after it, and a server\'s own value over it', () => {
    const scenario = scenarioOf(backend('server a 10.0.0.1:80 check', 'default-server inter 4s', 'server b 10.0.0.2:80 check inter 4s fall 5'));
    // a (the first checked server) has HAProxy's defaults: no Interval written; b's values are not taken.
    expect(scenario.HealthCheck).toEqual({ Target: 'TCP:80' });
  });

  it('reads every time unit', () => {
    const interval = (value: string) => ms(scenarioOf(backend(`server a 10.0.0.1:80 check inter ${value}`)).HealthCheck.Interval);
    expect(interval('1500us')).toBe(1.5);
    expect(interval('250')).toBe(250);
    expect(interval('2s')).toBe(2_000);
    expect(interval('2m')).toBe(120_000);
    expect(interval('1h')).toBe(3_600_000);
    expect(interval('1d')).toBe(86_400_000);
    expect(read(backend('server a 10.0.0.1:80 check inter 1.5s')).ok).toBe(false);
  });

  it('uses the bind port for servers written without a port', () => {
    const scenario = scenarioOf('frontend f\n    bind *:8443\n    default_backend app\n' + backend('server a app.internal check'));
    expect(scenario.Listeners[0]).toMatchObject({ LoadBalancerPort: 8443, InstancePort: 8443 });
    expect(scenario.HealthCheck.Target).toBe('TCP:8443');
  });

  it('leaves an environment variable literal: a port from the environment is noted, not an error', () => {
    const config = imported(backend('server a "10.0.0.1:${APP_PORT}"'));
    expect((config.scenario as any).Listeners[0].InstancePort).toBe(80);
    expect(config.notModelled.find((n) => n.directive === '10.0.0.1:${APP_PORT}')?.detail).toMatch(/from the environment/);
  });

  it('notes OPTIONS, HAProxy\'s default check method, and expands server-template', () => {
    const config = imported(backend('option httpchk /ping', 'server-template web 1-3 web.internal:8080 check'));
    const scenario = config.scenario as any;
    expect(scenario.HealthCheck.Target).toBe('HTTP:8080/ping');
    expect(scenario.Instances.map((i: any) => i.InstanceId)).toEqual(['web1', 'web2', 'web3']);
    expect(config.notModelled.some((n) => n.at.line === 2 && /method OPTIONS/.test(n.detail))).toBe(true);
  });

  it('caps retries at lbsim\'s 10 and says so; redispatch 0 is off', () => {
    const config = imported(backend('retries 20', 'option redispatch 0', 'server a 10.0.0.1:80'));
    expect((config.scenario as any).Profile).toMatchObject({ Retries: 10, Redispatch: false });
    expect(config.applied.find((n) => n.at.line === 2)?.detail).toMatch(/the file says 20/);
  });

  it('takes a later defaults override and notes the earlier line as overridden', () => {
    const text = 'defaults\n    timeout server 30s\n' + backend('timeout server 90s', 'server a 10.0.0.1:80');
    const config = imported(text);
    expect((config.scenario as any).LoadBalancerAttributes.ConnectionSettings.IdleTimeout).toBe(90);
    expect(config.notModelled.find((n) => n.at.line === 2)?.detail).toBe('overridden by line 4');
  });
});

describe('haproxy tokenizer', () => {
  it('follows HAProxy quoting: weak double quotes, strong single quotes, backslash escapes', () => {
    const words = (line: string) => tokenize(line).lines[0]!.words.map((w) => w.text);
    expect(words(String.raw`log-format "%{+Q}o %t"' %s'\ %{-Q}r`)).toEqual(['log-format', '%{+Q}o %t %s %{-Q}r']);
    expect(words(String.raw`reqrep "^([^ :]*)\ /static/(.*)" '\1 /\2'`)).toEqual(['reqrep', '^([^ :]*) /static/(.*)', String.raw`\1 /\2`]);
    expect(words(String.raw`acl a hdr(x) a\#b # comment`)).toEqual(['acl', 'a', 'hdr(x)', 'a#b']);
  });

  it('gives each word its column', () => {
    expect(tokenize('\tserver  web1 10.0.0.1:80').lines[0]!.words.map((w) => w.column)).toEqual([2, 10, 15]);
  });
});

describe('haproxy detection and the lesson config', () => {
  it('detects haproxy.cfg and not nginx or JSON', () => {
    expect(haproxyReader.detect(fixture('web.cfg'), 'web.cfg')).toBe(true);
    expect(haproxyReader.detect(fixture('listen-tcp.cfg'), 'x.cfg')).toBe(true);
    expect(haproxyReader.detect('upstream app {\n  server 10.0.0.1:80;\n}\nserver {\n  listen 80;\n  location / { proxy_pass http://app; }\n}\n', 'nginx.conf')).toBe(false);
    expect(haproxyReader.detect('{"LoadBalancerName": "x"}', 'x.json')).toBe(false);
  });

  it('imports the lesson config into a valid scenario with three servers', () => {
    const text = readFileSync(join(LESSON, 'haproxy.cfg'), 'utf8');
    const config = imported(text);
    expect((config.scenario as any).Instances).toHaveLength(3);
    expect(validateScenario(config.scenario)).toMatchObject({ ok: true });
    const notes = [...config.applied, ...config.notModelled];
    for (const start of directiveStarts(text)) expect(noteAt(notes, start.line, start.column), start.text).toHaveLength(1);
  });
});
