// JUnit XML: counts per suite and in total, failures and skips, and text that stays well-formed
// whatever a scenario's name or an assertion's Name holds.

import { describe, expect, it } from 'vitest';
import { escapeXml, junitXml } from '../../src/report/machine/junit-xml.js';

describe('junitXml', () => {
  const xml = junitXml([
    {
      name: 'scenarios/a.json',
      timeSeconds: 1.5,
      cases: [
        { classname: 'a', name: 'gatewayErrors.total <= 5', failure: null },
        { classname: 'a', name: 'latency.p99 <= 1', failure: { message: 'expected <= 1, got 2', details: 'seed 1: 2 failed' } },
      ],
    },
    { name: 'scenarios/b.json', timeSeconds: 0, cases: [{ classname: 'b', name: '(no Expect block)', failure: null, skipped: 'no assertions' }] },
  ]);

  it('counts tests, failures and skips per suite and in total', () => {
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="lbsim test" tests="3" failures="1" errors="0" skipped="1" time="1.500">/);
    expect(xml).toContain('<testsuite name="scenarios/a.json" tests="2" failures="1" errors="0" skipped="0" time="1.500">');
    expect(xml).toContain('<testcase classname="a" name="gatewayErrors.total &lt;= 5"/>');
    expect(xml).toContain('<failure message="expected &lt;= 1, got 2" type="AssertionFailed">seed 1: 2 failed</failure>');
    expect(xml).toContain('<skipped message="no assertions"/>');
    expect(xml.endsWith('</testsuites>\n')).toBe(true);
  });

  it('escapes markup and replaces characters XML cannot carry', () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;');
    expect(escapeXml('bell\u0007 nul\u0000 tab\t nl\n')).toBe('bell\uFFFD nul\uFFFD tab\t nl\n');
    expect(escapeXml('lone \uD800 pair \uD83D\uDE00')).toBe('lone \uFFFD pair \uD83D\uDE00');
    expect(escapeXml('\uFFFE\uFFFF')).toBe('\uFFFD\uFFFD');
    expect(escapeXml(']]>')).toBe(']]&gt;');
  });
});
