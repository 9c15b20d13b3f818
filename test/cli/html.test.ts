// `lbsim run FILE --html OUT`: writes the report file beside the usual output, and refuses a bad
// path or a path another output writes to before the run starts (exit 2).

import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsim } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-html-'));

describe('run --html', () => {
  it('writes a self-contained report with the expectations, and still prints the text report', () => {
    const out = join(dir, 'report.html');
    const run = lbsim('run', 'scenarios/seed-elb-health-check.json', '--html', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Incidents');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<section id="expectations">');
    expect(html).toContain('no 502 at all from a Classic ELB here');
    expect(html).toContain('id="text-report"');
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
  });

  it('refuses an unwritable path before running', () => {
    const run = lbsim('run', 'scenarios/seed-elb-health-check.json', '--html', join(dir, 'missing', 'r.html'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--html: cannot write');
  });

  it('refuses the file another output writes to', () => {
    const out = join(dir, 'same.out');
    const run = lbsim('run', 'scenarios/seed-elb-health-check.json', '--events', out, '--html', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--html: give it a file of its own');
    expect(existsSync(out)).toBe(false);
  });
});
