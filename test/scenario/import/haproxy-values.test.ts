// The haproxy.cfg reader keyword by keyword against configuration.txt (lb-semantics.md §4.1, §4.4):
// server parameters and their ranges, each balance algorithm, the check request and its pass rule,
// timeouts, retries and redispatch. Expected values come from HAProxy's documentation.

import { describe, expect, it } from 'vitest';
import { CHOICES_MAX } from '../../../src/model/algorithms/names.js';
import { haproxyReader } from '../../../src/scenario/import/haproxy/reader.js';
import type { DirectiveNote, ImportOutcome } from '../../../src/scenario/import/import-types.js';
import { parseDurationMs } from '../../../src/scenario/duration.js';
import { validateScenario } from '../../../src/scenario/validate.js';

const read = (text: string): ImportOutcome => haproxyReader.read(text, 'haproxy.cfg', { readRelated: () => ({ ok: false, message: 'no includes' }) });

/** A backend with these lines (each indented), behind no frontend. */
const backend = (...lines: string[]) => `backend app\n${lines.map((l) => `    ${l}`).join('\n')}\n`;

function config(text: string) {
  const outcome = read(text);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
  return outcome.config;
}
const scenarioOf = (text: string) => config(text).scenario as Record<string, any>;
/** [message, actual] of each error. */
const errorsOf = (text: string) => {
  const outcome = read(text);
  return outcome.ok ? [] : outcome.errors.map((e) => [e.message, e.actual]);
};
const notesOn = (text: string, line: number): DirectiveNote[] => {
  const c = config(text);
  return [...c.applied, ...c.notModelled].filter((n) => n.at.line === line);
};
/** A scenario duration in milliseconds, however the reader chose to spell it. */
const ms = (value: unknown) => parseDurationMs(value);
const notModelledOn = (text: string, line: number) => config(text).notModelled.filter((n) => n.at.line === line).map((n) => n.detail);

describe('server parameters', () => {
  it('weight 0–256, 1 by default; weight 0 takes no traffic', () => {
    expect(scenarioOf(backend('server a 10.0.0.1:80 weight 256', 'server b 10.0.0.2:80')).Instances).toEqual([{ InstanceId: 'a', Weight: 256 }, { InstanceId: 'b', Weight: 1 }]);
    expect(scenarioOf(backend('server a 10.0.0.1:80 weight 0', 'server b 10.0.0.2:80')).Instances).toEqual([{ InstanceId: 'a', Registered: false }, { InstanceId: 'b' }]);
    // Equal weights written out are no weights at all.
    expect(scenarioOf(backend('server a 10.0.0.1:80 weight 5', 'server b 10.0.0.2:80 weight 5')).Instances).toEqual([{ InstanceId: 'a' }, { InstanceId: 'b' }]);
    expect(errorsOf(backend('server a 10.0.0.1:80 weight 257'))).toEqual([['invalid weight', '257']]);
    expect(errorsOf(backend('server a 10.0.0.1:80 weight -1'))).toEqual([['invalid weight', '-1']]);
  });

  it('rise and fall are at least 1; the check port 1–65535', () => {
    expect(scenarioOf(backend('server a 10.0.0.1:80 check rise 1 fall 1 port 65535')).HealthCheck).toEqual({ Target: 'TCP:65535', HealthyThreshold: 1, UnhealthyThreshold: 1 });
    expect(errorsOf(backend('server a 10.0.0.1:80 check rise 0 fall 0'))).toEqual([['invalid rise', '0'], ['invalid fall', '0']]);
    expect(errorsOf(backend('server a 10.0.0.1:80 check port 0'))).toEqual([['invalid port', '0']]);
    expect(errorsOf(backend('server a 10.0.0.1:80 check port 65536'))).toEqual([['invalid port', '65536']]);
  });

  it('check intervals must be greater than 0 and need a value; slowstart 0 is off', () => {
    expect(errorsOf(backend('server a 10.0.0.1:80 check inter 0'))).toEqual([['must be greater than 0', '0']]);
    expect(errorsOf(backend('server a 10.0.0.1:80 check fastinter 0s'))).toEqual([['must be greater than 0', '0s']]);
    expect(errorsOf(backend('server a 10.0.0.1:80 check inter'))).toEqual([['inter needs a value', 'nothing']]);
    expect(errorsOf(backend('server a 10.0.0.1:80 check inter 2x'))).toEqual([['invalid time', '2x']]);
    expect(scenarioOf(backend('server a 10.0.0.1:80 slowstart 0')).Balancing).toBeUndefined();
    expect(notModelledOn(backend('server a 10.0.0.1:80 slowstart 0'), 2)).toEqual([expect.stringMatching(/off/)]);
  });

  it('slowstart ramps a recovered server with round robin; lbsim has no slow start for least-outstanding', () => {
    expect(ms(scenarioOf(backend('server a 10.0.0.1:80 slowstart 30s', 'server b 10.0.0.2:80')).Balancing.SlowStart)).toBe(30_000);
    expect(ms(scenarioOf(backend('server a 10.0.0.1:80 slowstart 1500')).Balancing.SlowStart)).toBe(1500);
    const leastconn = backend('balance leastconn', 'server a 10.0.0.1:80 slowstart 30s');
    expect(scenarioOf(leastconn).Balancing).toEqual({ Algorithm: 'least-outstanding' });
    expect(notModelledOn(leastconn, 3)).toEqual([expect.stringMatching(/least-outstanding/)]);
  });

  it('fastinter and downinter are Profile fields of the checked server', () => {
    const { FastInterval, DownInterval, ...rest } = scenarioOf(backend('server a 10.0.0.1:80 check fastinter 500 downinter 5s')).Profile;
    expect([ms(FastInterval), ms(DownInterval)]).toEqual([500, 5000]);
    expect(rest).toEqual({ Base: 'haproxy' });
  });

  it('the first checked server\'s values count; a server without check is never checked', () => {
    const text = backend('server a 10.0.0.1:80', 'server b 10.0.0.2:80 check inter 4s rise 3', 'server c 10.0.0.3:80 check inter 4s rise 5');
    const { Interval, ...check } = scenarioOf(text).HealthCheck;
    expect(ms(Interval)).toBe(4000);
    expect(check).toEqual({ Target: 'TCP:80', HealthyThreshold: 3 });
    expect(notModelledOn(text, 2)).toEqual([expect.stringMatching(/never checked/)]);
    expect(notesOn(text, 4).find((n) => n.directive === 'inter 4s')?.detail).toMatch(/the same as b/);
    expect(notModelledOn(text, 4)).toEqual([expect.stringMatching(/differs from b's rise 3/)]);
  });

  it('a server on another port than the first is noted: lbsim has one InstancePort', () => {
    const text = backend('server a 10.0.0.1:8080', 'server b 10.0.0.2:9090');
    expect(scenarioOf(text).Listeners[0].InstancePort).toBe(8080);
    expect(notModelledOn(text, 3)).toEqual([expect.stringMatching(/port 9090 differs/)]);
  });
});

describe('balance', () => {
  const balancing = (line: string, ...servers: string[]) => scenarioOf(backend(line, ...(servers.length > 0 ? servers : ['server a 10.0.0.1:80', 'server b 10.0.0.2:80']))).Balancing;

  it('random(<draws>) with at least one draw; lbsim draws at most CHOICES_MAX', () => {
    expect(balancing(`balance random(${CHOICES_MAX})`)).toEqual({ Algorithm: 'least-outstanding', Choices: CHOICES_MAX });
    expect(balancing(`balance random(${CHOICES_MAX + 1})`)).toEqual({ Algorithm: 'least-outstanding', Choices: CHOICES_MAX });
    expect(balancing('balance random')).toEqual({ Algorithm: 'least-outstanding', Choices: 2 });
    expect(errorsOf(backend('balance random(0)', 'server a 10.0.0.1:80'))).toEqual([['random needs at least one draw', 'random(0)']]);
    expect(errorsOf(backend('balance', 'server a 10.0.0.1:80'))).toEqual([['missing algorithm', 'nothing']]);
  });

  it('hash <expr>: src, path and req.hdr(<name>) are lbsim hash keys; any other expression hashes the path instead', () => {
    expect(balancing('balance hash src')).toEqual({ Algorithm: 'consistent-hash', HashKey: 'client' });
    expect(balancing('balance hash path')).toEqual({ Algorithm: 'consistent-hash', HashKey: 'path' });
    expect(config(backend('balance hash path', 'server a 10.0.0.1:80')).applied.find((n) => n.at.line === 2)?.detail).toMatch(/HashKey "path"/);
    expect(balancing('balance hash req.hdr(X-User)')).toEqual({ Algorithm: 'consistent-hash', HashKey: { Header: 'X-User' } });
    const cookie = backend('balance hash req.cook(sid)', 'server a 10.0.0.1:80');
    expect(scenarioOf(cookie).Balancing).toEqual({ Algorithm: 'consistent-hash', HashKey: 'path' });
    expect(notModelledOn(cookie, 2)).toEqual([expect.stringMatching(/req\.cook\(sid\)/)]);
  });

  it('source hashes the client address and needs a client population', () => {
    const s = scenarioOf(backend('balance source', 'server a 10.0.0.1:80', 'server b 10.0.0.2:80'));
    expect(s.Balancing).toEqual({ Algorithm: 'consistent-hash', HashKey: 'client' });
    expect(s.Traffic.Clients.Count).toBeGreaterThan(1);
    expect(validateScenario(s)).toMatchObject({ ok: true });
    expect(scenarioOf(backend('balance roundrobin', 'server a 10.0.0.1:80')).Traffic.Clients).toBeUndefined();
  });

  it('url_param, rdp-cookie, log-hash and sticky are not modelled, and say what stands in', () => {
    const urlParam = backend('balance url_param userid', 'server a 10.0.0.1:80');
    expect(scenarioOf(urlParam).Balancing).toEqual({ Algorithm: 'consistent-hash', HashKey: 'path' });
    expect(notModelledOn(urlParam, 2)).toEqual([expect.stringMatching(/URL parameter userid/)]);
    for (const name of ['rdp-cookie', 'rdp-cookie(mstshash)', 'log-hash', 'sticky']) {
      const text = backend(`balance ${name}`, 'server a 10.0.0.1:80');
      expect(scenarioOf(text).Balancing, name).toEqual({ Algorithm: 'round-robin' });
      expect(notModelledOn(text, 2), name).toEqual([expect.stringMatching(/round-robin used instead/)]);
    }
  });

  it('weights: static-rr and roundrobin weigh, leastconn and random(2) here do not', () => {
    const weighted = ['server a 10.0.0.1:80 weight 3', 'server b 10.0.0.2:80'];
    expect(balancing('balance roundrobin', ...weighted)).toEqual({ Algorithm: 'weighted-round-robin' });
    const leastconn = backend('balance leastconn', ...weighted);
    expect(scenarioOf(leastconn).Balancing).toEqual({ Algorithm: 'least-outstanding' });
    expect(notesOn(leastconn, 2)[0]!.detail).toMatch(/weights are not modelled/);
    expect(notesOn(backend('balance random', ...weighted), 2)[0]!.detail).toMatch(/lbsim's are unweighted/);
    // No balance line and different weights: HAProxy's roundrobin (the default before 3.3) weighs.
    expect(scenarioOf(backend(...weighted)).Balancing).toEqual({ Algorithm: 'weighted-round-robin' });
  });

  it('hash-type consistent is applied to a hashing algorithm; map-based (the default) is noted', () => {
    const consistent = backend('balance uri', 'hash-type consistent sdbm', 'server a 10.0.0.1:80');
    expect(config(consistent).applied.find((n) => n.at.line === 3)?.detail).toMatch(/consistent-hash; hash function sdbm not modelled/);
    expect(notModelledOn(backend('balance uri', 'hash-type map-based', 'server a 10.0.0.1:80'), 3)).toEqual([expect.stringMatching(/map-based hashing/)]);
    // Without a hash-type line the default is noted on the algorithm word.
    expect(notModelledOn(backend('balance uri', 'server a 10.0.0.1:80'), 2)).toEqual([expect.stringMatching(/map-based hashing/)]);
    expect(notModelledOn(backend('balance random', 'hash-type consistent', 'server a 10.0.0.1:80'), 3)).toEqual([expect.stringMatching(/random always uses a consistent ring/)]);
  });
});

describe('the check request and its pass rule', () => {
  const target = (...lines: string[]) => scenarioOf(backend(...lines, 'server a 10.0.0.1:8080 check')).HealthCheck.Target;
  const profile = (...lines: string[]) => scenarioOf(backend('option httpchk GET /', ...lines, 'server a 10.0.0.1:8080 check')).Profile;

  it('option httpchk: a lone argument is the URI, "/" by default; a URI that is not a path probes "/"', () => {
    expect(target('option httpchk')).toBe('HTTP:8080/');
    expect(target('option httpchk GET /health HTTP/1.1')).toBe('HTTP:8080/health');
    expect(target('option httpchk HEAD /h')).toBe('HTTP:8080/h');
    expect(target('option httpchk GET health')).toBe('HTTP:8080/');
    expect(notModelledOn(backend('option httpchk GET health', 'server a 10.0.0.1:80 check'), 2)).toEqual([expect.stringMatching(/not a path/)]);
  });

  it('the method: OPTIONS by default; anything but GET is noted, the pass rule being the same', () => {
    expect(notModelledOn(backend('option httpchk', 'server a 10.0.0.1:80 check'), 2)).toEqual([expect.stringMatching(/method OPTIONS, HAProxy's default/)]);
    expect(notModelledOn(backend('option httpchk HEAD /h', 'server a 10.0.0.1:80 check'), 2)).toEqual([expect.stringMatching(/method HEAD/)]);
    expect(notModelledOn(backend('option httpchk GET /h', 'server a 10.0.0.1:80 check'), 2)).toEqual([]);
    expect(notModelledOn(backend('option httpchk GET /h HTTP/1.1', 'server a 10.0.0.1:80 check'), 2)).toEqual([expect.stringMatching(/HTTP version/)]);
  });

  it('http-check send gives the request; without option httpchk it does nothing', () => {
    expect(target('option httpchk', 'http-check send meth GET uri /ready hdr Host x ver HTTP/1.1')).toBe('HTTP:8080/ready');
    // hdr takes a name and a value, so the uri after it is still read.
    expect(target('option httpchk', 'http-check send meth GET hdr Host example.com uri /ready')).toBe('HTTP:8080/ready');
    expect(target('option httpchk', 'http-check send uri-lf /lf')).toBe('HTTP:8080/lf');
    const alone = backend('http-check send meth GET uri /ready', 'server a 10.0.0.1:80 check');
    expect(scenarioOf(alone).HealthCheck.Target).toBe('TCP:80');
    expect(notModelledOn(alone, 2)).toEqual([expect.stringMatching(/needs option httpchk/)]);
  });

  it('other check types probe with a TCP connect', () => {
    expect(target('option tcp-check')).toBe('TCP:8080');
    expect(target('option mysql-check user haproxy')).toBe('TCP:8080');
    expect(target('option httpchk', 'no option httpchk')).toBe('TCP:8080');
  });

  it('http-check expect status and rstatus become the Matcher; 2xx and 3xx pass by default', () => {
    expect(profile()).toBe('haproxy');
    expect(profile('http-check expect status 200')).toEqual({ Base: 'haproxy', Matcher: '200' });
    expect(profile('http-check expect status 200-399')).toEqual({ Base: 'haproxy', Matcher: '200-399' });
    expect(profile('http-check expect rstatus ^2')).toEqual({ Base: 'haproxy', Matcher: '200-299' });
    expect(profile('http-check expect rstatus ^(2|3)0[0-4]$')).toEqual({ Base: 'haproxy', Matcher: '200-204,300-304' });
    expect(profile('http-check expect rstatus ^204$')).toEqual({ Base: 'haproxy', Matcher: '204' });
    expect(profile('http-check expect rstatus ^5')).toEqual({ Base: 'haproxy', Matcher: '500-599' });
  });

  it('http-check expect rules lbsim cannot list as codes are noted', () => {
    const why = (rule: string) => notModelledOn(backend('option httpchk GET /', `http-check expect ${rule}`, 'server a 10.0.0.1:80 check'), 3);
    expect(why('! status 500')).toEqual([expect.stringMatching(/negated status/)]);
    expect(why('string OK')).toEqual([expect.stringMatching(/response body/)]);
    expect(why('hdr name Content-Type value json')).toEqual([expect.stringMatching(/response headers/)]);
    expect(why('rstatus ^9')).toEqual([expect.stringMatching(/matches no HTTP code/)]);
    expect(why('rstatus (')).toEqual([expect.stringMatching(/matches no HTTP code/)]);
    expect(why('min-recv 10')).toEqual([expect.stringMatching(/no status/)]);
  });

  it('without any server check, the check lines are noted and no HealthCheck is written', () => {
    const text = backend('option httpchk GET /', 'http-check expect status 200', 'timeout check 2s', 'server a 10.0.0.1:80');
    const s = scenarioOf(text);
    expect(s.HealthCheck).toBeUndefined();
    expect(s.Profile).toEqual({ Base: 'haproxy', ActiveChecks: false });
    for (const line of [2, 3, 4]) expect(notModelledOn(text, line), `line ${line}`).toEqual([expect.stringMatching(/no server has check/)]);
  });
});

describe('timeouts, retries and redispatch', () => {
  const profile = (...lines: string[]) => scenarioOf(backend(...lines, 'server a 10.0.0.1:80 check')).Profile;

  it('timeout connect and timeout server; 0 means no timeout, so the profile default stays', () => {
    const s = scenarioOf(backend('timeout connect 2500', 'timeout server 1m', 'server a 10.0.0.1:80'));
    expect(ms(s.Profile.ConnectTimeout)).toBe(2500);
    expect(ms(s.LoadBalancerAttributes.ConnectionSettings.IdleTimeout)).toBe(60_000);
    const zero = backend('timeout connect 0', 'timeout server 0', 'server a 10.0.0.1:80 check');
    expect(scenarioOf(zero).Profile).toBe('haproxy');
    expect(scenarioOf(zero).LoadBalancerAttributes).toBeUndefined();
    expect(notModelledOn(zero, 2)).toEqual([expect.stringMatching(/zero timeout/)]);
    expect(notModelledOn(zero, 3)).toEqual([expect.stringMatching(/zero timeout/)]);
  });

  it('timeout check is the check timeout', () => {
    expect(ms(scenarioOf(backend('timeout check 1500ms', 'server a 10.0.0.1:80 check')).HealthCheck.Timeout)).toBe(1500);
  });

  it('retries: an integer ≥ 0, at most lbsim\'s 10', () => {
    expect(profile('retries 0')).toEqual({ Base: 'haproxy', Retries: 0 });
    expect(profile('retries 10')).toEqual({ Base: 'haproxy', Retries: 10 });
    expect(profile('retries 11')).toEqual({ Base: 'haproxy', Retries: 10 });
    expect(errorsOf(backend('retries -1', 'server a 10.0.0.1:80'))).toEqual([['invalid retries', '-1']]);
    expect(errorsOf(backend('retries', 'server a 10.0.0.1:80'))).toEqual([['invalid retries', 'nothing']]);
  });

  it('option redispatch [<interval>]: on unless negated or 0', () => {
    expect(profile('option redispatch')).toEqual({ Base: 'haproxy', Redispatch: true });
    expect(profile('option redispatch -1')).toEqual({ Base: 'haproxy', Redispatch: true });
    expect(profile('option redispatch 2')).toEqual({ Base: 'haproxy', Redispatch: true });
    expect(profile('option redispatch 0')).toEqual({ Base: 'haproxy', Redispatch: false });
    expect(profile('no option redispatch')).toEqual({ Base: 'haproxy', Redispatch: false });
    expect(config(backend('option redispatch 2', 'server a 10.0.0.1:80')).applied.find((n) => n.at.line === 2)?.detail).toMatch(/interval 2 not modelled/);
    expect(errorsOf(backend('option redispatch x', 'server a 10.0.0.1:80'))).toEqual([['invalid interval', 'x']]);
  });

  it('mode http is the listener protocol; mode tcp is imported as HTTP and noted', () => {
    expect(config(backend('mode http', 'server a 10.0.0.1:80')).applied.find((n) => n.at.line === 2)?.detail).toBe('Listeners[0].Protocol HTTP');
    expect(notModelledOn(backend('mode tcp', 'server a 10.0.0.1:80'), 2)).toEqual([expect.stringMatching(/mode tcp/)]);
  });
});

describe('balance and check lines, word by word', () => {
  const balanceNote = (line: string) => {
    const c = config(backend(line, 'server a 10.0.0.1:80'));
    return { applied: c.applied.filter((n) => n.at.line === 2).map((n) => n.detail), notModelled: c.notModelled.filter((n) => n.at.line === 2).map((n) => n.detail) };
  };

  it('an algorithm name must match whole: a prefix or suffix makes it unknown', () => {
    for (const name of ['xhdr(Host)', 'hdr(Host)x', 'myrandom', 'random(2)x', 'xrdp-cookie', 'rdp-cookie(a)x']) {
      expect(errorsOf(backend(`balance ${name}`, 'server a 10.0.0.1:80')), name).toEqual([['unknown balance algorithm', name]]);
    }
    // hash <expr>: only the whole req.hdr(<name>) expression is a header.
    expect(scenarioOf(backend('balance hash xreq.hdr(X)', 'server a 10.0.0.1:80')).Balancing).toEqual({ Algorithm: 'consistent-hash', HashKey: 'path' });
    expect(scenarioOf(backend('balance hash req.hdr(X),lower', 'server a 10.0.0.1:80')).Balancing).toEqual({ Algorithm: 'consistent-hash', HashKey: 'path' });
  });

  it('a modelled algorithm is an applied note; hash-type has no effect on one that does not hash', () => {
    for (const line of ['balance static-rr', 'balance leastconn', 'balance random(1)', 'balance random(3)', 'balance hash src', 'balance uri']) {
      expect(balanceNote(line).applied, line).toHaveLength(1);
    }
    for (const name of ['roundrobin', 'static-rr', 'leastconn', 'first', 'random(1)', 'rdp-cookie']) {
      const text = backend(`balance ${name}`, 'hash-type consistent', 'server a 10.0.0.1:80');
      expect(notModelledOn(text, 3), name).toEqual([expect.stringMatching(/^no effect/)]);
    }
  });

  it('arguments lbsim does not use are named in the note; draws beyond lbsim\'s most are said to be capped', () => {
    expect(balanceNote('balance uri whole').applied).toEqual([expect.stringMatching(/whole not modelled/)]);
    expect(balanceNote('balance uri').applied).toEqual([expect.not.stringMatching(/not modelled/)]);
    expect(balanceNote('balance hdr(Host) use_domain_only').applied).toEqual([expect.stringMatching(/use_domain_only not modelled/)]);
    expect(balanceNote('balance hdr(Host)').applied).toEqual([expect.not.stringMatching(/not modelled/)]);
    expect(balanceNote(`balance random(${CHOICES_MAX + 1})`).applied).toEqual([expect.stringMatching(/capped/)]);
    expect(balanceNote(`balance random(${CHOICES_MAX})`).applied).toEqual([expect.not.stringMatching(/capped/)]);
  });

  it('weights are integers; values of servers left out are still checked', () => {
    expect(errorsOf(backend('server a 10.0.0.1:80 weight 1.5'))).toEqual([['invalid weight', '1.5']]);
    expect(errorsOf(backend('server a 10.0.0.1:80', 'server b 10.0.0.2:80 backup weight 999'))).toEqual([['invalid weight', '999']]);
  });

  it('a status rule lbsim cannot take as a Matcher is noted; option httpchk <uri> sends nothing else', () => {
    const why = (rule: string) => notModelledOn(backend('option httpchk GET /', `http-check expect ${rule}`, 'server a 10.0.0.1:80 check'), 3);
    expect(why('status 700')).toEqual([expect.stringMatching(/^status 700/)]);
    expect(notModelledOn(backend('option httpchk /ping', 'server a 10.0.0.1:80 check'), 2).filter((d) => /HTTP version/.test(d))).toEqual([]);
  });
});
