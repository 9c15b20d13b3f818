// `lbsim import` as a user runs it: a native config in, a scenario that validates and runs out, the
// not-modelled directives on stderr (and in the report), and exit 2 with file:line:col for bad input.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/scenario/load.js';
import { lbsim } from '../helpers/cli.js';

const ALB = 'test/fixtures/import/aws/alb-target-group.yaml';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

describe('lbsim import', () => {
  it('prints a valid scenario and lists every not-modelled directive on stderr, as the Imported block has them', () => {
    const run = lbsim('import', ALB);
    expect(run.code).toBe(0);
    const loaded = parseScenarioText(run.stdout, 'imported.json');
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    const scenario = JSON.parse(run.stdout) as { Imported: { Format: string; NotModelled: Array<{ At: string; Directive: string }> } };
    expect(scenario.Imported.Format).toBe('elbv2');
    const notes = scenario.Imported.NotModelled;
    expect(run.stderr).toContain(`${notes.length} not modelled`);
    for (const note of notes) expect(run.stderr).toContain(`${note.At} ${note.Directive}:`);
  });

  it('writes --out, and the run report shows the settings that were not modelled', () => {
    dir = mkdtempSync(join(tmpdir(), 'lbsim-import-'));
    const out = join(dir, 'web.json');
    expect(lbsim('import', ALB, '--out', out).code).toBe(0);
    const scenario = JSON.parse(readFileSync(out, 'utf8')) as { Imported: { NotModelled: unknown[] } };
    const run = lbsim('run', out, '--duration', '30s');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Settings from ${ALB} (elbv2, web-tg): ${scenario.Imported.NotModelled.length} directives not modelled`);
    const json = JSON.parse(lbsim('run', out, '--duration', '30s', '--format', 'json').stdout) as { imported: { notModelled: unknown[] } };
    expect(json.imported.notModelled).toHaveLength(scenario.Imported.NotModelled.length);
  });

  it("follows nginx's wildcard includes as nginx does: the same upstream as with the file named", () => {
    dir = mkdtempSync(join(tmpdir(), 'lbsim-import-'));
    cpSync('test/fixtures/import/nginx', dir, { recursive: true });
    const named = lbsim('import', join(dir, 'nginx.conf'));
    const main = join(dir, 'nginx.conf');
    writeFileSync(main, readFileSync(main, 'utf8').replace('include conf.d/app.conf;', 'include conf.d/*.conf;'));
    const wildcard = lbsim('import', main);
    expect([named.code, wildcard.code]).toEqual([0, 0]);
    const instances = (text: string) => (JSON.parse(text) as { Instances: unknown[] }).Instances;
    expect(instances(wildcard.stdout)).toEqual(instances(named.stdout));
    expect(instances(named.stdout).length).toBeGreaterThan(0);
  });

  it('exits 2 with a position for a file that is not a config, a missing file and a wrong --format', () => {
    const readme = lbsim('import', 'package.json');
    expect([readme.code, readme.stderr.trim()]).toEqual([2, expect.stringMatching(/^package\.json:1:1 cannot tell which balancer this config is for \(expected .*--format haproxy\|nginx\|envoy\|elbv2\|clb\)\)$/)]);
    const missing = lbsim('import', 'no-such.cfg');
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'no-such.cfg:1:1 file not found']);
    const wrong = lbsim('import', '--format', 'haproxy', ALB);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(new RegExp(`^${ALB.replaceAll('.', '\\.')}:\\d+:\\d+ `, 'm'));
    const unknown = lbsim('import', '--format', 'f5', ALB);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("argument 'f5' is invalid");
  });
});
