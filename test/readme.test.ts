// Keeps the README honest: the default report it walks through must be the one `npm start`
// prints (the golden file), and its quick start must name the scripts package.json has.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const golden = readFileSync(join(repo, 'test/golden/seed-elb-health-check.txt'), 'utf8');
const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('README', () => {
  it('quotes the default report exactly as npm start prints it', () => {
    const walkthrough = readme.slice(readme.indexOf('## Reading the default report'), readme.indexOf('## The lessons'));
    const quoted = [...walkthrough.matchAll(/```\n([\s\S]*?)```/g)]
      .flatMap((block) => block[1]!.split('\n'))
      .filter((line) => line.trim().length > 0 && !line.includes('...'));
    expect(quoted.length).toBeGreaterThan(15);
    for (const line of quoted) expect(golden, `README line not in the report: ${line}`).toContain(line);
  });

  it('has the two-command quick start, and npm start runs the default scenario', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(packageJson.scripts.start).toContain('scenarios/seed-elb-health-check.json');
  });
});
