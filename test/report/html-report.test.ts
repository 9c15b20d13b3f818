// The HTML report's structure, without a browser: self-contained (no network), every section
// present, chart data that adds up to the run's totals, swimlanes with markers, incidents.

import { beforeEach, describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, scriptText } from '../../src/report/html/html-escape.js';
import { segmentsOf } from '../../src/report/html/html-swimlanes.js';
import { reportFor } from '../helpers/html-report.js';

/**
 * The seed lesson's report, built again for each test: a run made once in module scope would be
 * invisible to per-test coverage (mutation testing would then re-run every test for each mutant it reaches).
 */
let seed: ReturnType<typeof reportFor>;

function chartData(html: string): { series: Array<{ label: string; gateway: boolean; counts: number[] }>; starts: number[]; faults: unknown[]; incidents: unknown[] } {
  const match = /<script type="application\/json" id="lbsim-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(match![1]!) as never;
}

describe('HTML report', () => {
  beforeEach(() => {
    seed = reportFor('seed-elb-health-check.json');
  });

  it('is one self-contained document: inline scripts and styles, no external resource', () => {
    const { html } = seed;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(html).toContain('uPlot');
    expect(html).toContain('@media print');
  });

  it('has every section', () => {
    for (const id of ['totals', 'charts', 'latency', 'swimlanes', 'incidents', 'scenario']) expect(seed.html).toContain(`<section id="${id}">`);
    for (const id of ['chart-requests', 'chart-gateway', 'chart-latency']) expect(seed.html).toContain(`id="${id}"`);
  });

  it('charts data that adds up to the run: requests by status, gateway errors by reason', () => {
    const data = chartData(seed.html);
    const sum = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
    expect(data.series.reduce((total, s) => total + sum(s.counts), 0)).toBe(seed.result.requests.total - seed.result.requests.inFlightAtEnd);
    const gateway = data.series.filter((s) => s.gateway);
    expect(gateway.map((s) => s.label).sort()).toEqual(['503 NoHealthyInstances', '504 ResponseTimeout']);
    expect(sum(gateway.find((s) => s.label === '503 NoHealthyInstances')!.counts)).toBe(seed.result.gatewayErrors.byReason.NoHealthyInstances!.count);
    expect(data.starts.length).toBe(120);
    expect(data.faults).toEqual([{ t: 120, label: 'hang i-1, i-2' }]);
    expect(data.incidents).toHaveLength(seed.result.incidents.length);
  });

  it('draws a swimlane per instance: truth and belief, with fault and detection markers', () => {
    for (const id of ['i-1', 'i-2']) {
      const lanes = new RegExp(`<div class="instance" data-instance="${id}">(.*?)</div></div></div>`).exec(seed.html);
      expect(lanes, id).not.toBeNull();
      expect(seed.html).toContain(`>${id} actual<`);
      expect(seed.html).toContain(`>${id} LB view<`);
    }
    expect(seed.html).toMatch(/class="seg s-hung" style="left:20\.000%;width:40\.000%"/);
    expect(seed.html.match(/class="mark mark-fault"/g)).toHaveLength(2);
    expect(seed.html.match(/class="mark mark-recover"/g)).toHaveLength(2);
    expect(seed.html.match(/class="mark mark-detect"/g)!.length).toBeGreaterThanOrEqual(2);
    expect(seed.html).toContain('OutOfService at 2m42s');
  });

  it('lists the incidents with their cause and detection lag', () => {
    const rows = seed.html.match(/<tr class="incident"/g);
    expect(rows).toHaveLength(seed.result.incidents.length);
    expect(seed.html).toContain('<td>NoHealthyInstances</td>');
    expect(seed.html).toContain('<td class="num lag">41.8s</td>');
    expect(seed.html).toContain('(fault: hang, Events[0])');
  });

  it('shows the scenario as written, escaped', () => {
    expect(seed.html).toContain('&quot;LoadBalancerName&quot;: &quot;my-load-balancer&quot;');
  });

  it('draws one belief row per node when the balancer has several', () => {
    const { html, result } = reportFor('cross-zone-off-one-zone-down.json');
    expect(result.setup.balancer.nodes.length).toBeGreaterThan(1);
    for (const node of result.setup.balancer.nodes) expect(html).toContain(`LB ${node}<`);
  });

  it('says so when a run has no incident', () => {
    expect(reportFor('keep-alive-race-fixed.json').html).toContain('id="no-incidents"');
  });
});

describe('HTML escaping', () => {
  it('escapes text and keeps data from closing its script element', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = jsonForScript({ text: '</script><script>alert(1)</script>\u2028' });
    expect(json).not.toContain('</script');
    expect(JSON.parse(json)).toEqual({ text: '</script><script>alert(1)</script>\u2028' });
    expect(() => scriptText('var a = "</script>";')).toThrow(/script/);
  });

  it('turns state changes into spans that cover the run', () => {
    expect(segmentsOf([{ tMs: 10, state: 'hung' }, { tMs: 10, state: 'hung' }, { tMs: 30, state: 'serving' }], 'serving', 50)).toEqual([
      { startMs: 0, endMs: 10, state: 'serving' },
      { startMs: 10, endMs: 30, state: 'hung' },
      { startMs: 30, endMs: 50, state: 'serving' },
    ]);
  });
});
