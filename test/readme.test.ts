// Keeps the README and docs/ honest: quoted reports are the golden output `npm start` prints, the
// quick start names the scripts package.json has, the CLI synopsis names the commands and options
// commander knows, every relative link and anchor resolves, and the README stays a five-minute read.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lbsimIn } from './helpers/in-process.js';

const repo = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');
const readme = read('README.md');
const docs = readdirSync(join(repo, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
const golden = read('test/golden/seed-elb-health-check.txt');
const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

const MAX_README_BYTES = 15_000;

/** The text from `heading` up to the next heading of the same level (or the end). */
function section(text: string, heading: string): string {
  const start = text.indexOf(`${heading}\n`);
  expect(start, `missing heading: ${heading}`).toBeGreaterThanOrEqual(0);
  const level = heading.slice(0, heading.indexOf(' ') + 1);
  const next = text.indexOf(`\n${level}`, start + heading.length);
  return text.slice(start, next < 0 ? undefined : next);
}

/** Every non-blank line of the fenced blocks in `text`, except elisions (`...`). */
function quotedLines(text: string): string[] {
  return [...text.matchAll(/```\n([\s\S]*?)```/g)]
    .flatMap((block) => block[1]!.split('\n'))
    .filter((line) => line.trim().length > 0 && !line.includes('...'));
}

/** The text with fenced code blocks blanked: a `#` or `](` inside one is not markdown. */
const withoutCode = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const match of withoutCode(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = match[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** Every relative `](target)` link of a markdown file, external ones left out. */
function relativeLinks(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe('README', () => {
  it(`is at most ${MAX_README_BYTES} bytes`, () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(MAX_README_BYTES);
  });

  it('quotes the default report exactly as npm start prints it', () => {
    const quoted = quotedLines(section(readme, '## Reading the default report'));
    expect(quoted.length).toBeGreaterThanOrEqual(8);
    for (const line of quoted) expect(golden, `README line not in the report: ${line}`).toContain(line);
  });

  it('has the two-command quick start, and npm start runs the default scenario', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(packageJson.scripts.start).toContain('scenarios/seed-elb-health-check.json');
  });

  it('lists every lesson in scenarios/ in its index, numbered 1 to N', () => {
    const lessons = readdirSync(join(repo, 'scenarios')).filter((name) => name.endsWith('.json') && name !== 'schema.json');
    const index = section(readme, '## The lessons in `scenarios/`');
    const rows = [...index.matchAll(/^\| (\d+) \| \[`([^`]+)`\]/gm)];
    expect(rows.map((row) => row[2]).sort()).toEqual([...lessons].sort());
    expect(rows.map((row) => Number(row[1]))).toEqual(lessons.map((_, k) => k + 1));
  });

  it('links to every page in docs/, and every page links back', () => {
    for (const doc of docs) {
      expect(relativeLinks(readme).map((link) => link.split('#')[0]), `README does not link ${doc}`).toContain(doc);
      expect(relativeLinks(read(doc)), `${doc} does not link back to the README`).toContain('../README.md');
    }
  });
});

describe('docs/', () => {
  it('the course quotes the default report exactly as npm start prints it', () => {
    const quoted = quotedLines(section(read('docs/course.md'), '## Reading a report: the default run'));
    expect(quoted.length).toBeGreaterThan(15);
    for (const line of quoted) expect(golden, `docs/course.md line not in the report: ${line}`).toContain(line);
  });

  it('every relative link in README.md and docs/*.md points to an existing file and heading', () => {
    const broken: string[] = [];
    for (const file of ['README.md', ...docs]) {
      for (const link of relativeLinks(read(file))) {
        const [path, anchor] = link.split('#') as [string, string | undefined];
        const target = path === '' ? file : relative(repo, join(repo, dirname(file), path));
        if (!existsSync(join(repo, target))) broken.push(`${file}: ${link} (no ${target})`);
        else if (anchor !== undefined && target.endsWith('.md') && !anchors(read(target)).has(anchor)) {
          broken.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it("the CLI synopsis names exactly commander's commands and each one's options", async () => {
    const synopsis = /```\n(lbsim run [\s\S]*?)```/.exec(read('docs/cli.md'))?.[1];
    expect(synopsis, 'docs/cli.md has no synopsis block starting with "lbsim run"').toBeDefined();
    const documented = new Map<string, Set<string>>();
    let command = '';
    for (const line of synopsis!.split('\n')) {
      const head = /^lbsim ([a-z]\S*)/.exec(line);
      if (/^lbsim /.test(line)) command = head?.[1] ?? '';
      if (command === '') continue;
      const flags = documented.get(command) ?? new Set<string>();
      for (const flag of line.matchAll(/--[a-z][a-z-]*/g)) flags.add(flag[0]);
      documented.set(command, flags);
    }
    const rootHelp = (await lbsimIn('--help')).stdout;
    const commands = [...rootHelp.slice(rootHelp.indexOf('Commands:')).matchAll(/^ {2}([a-z]+)/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect([...documented.keys()].sort()).toEqual(commands.sort());
    for (const name of commands) {
      const help = (await lbsimIn(name, '--help')).stdout;
      const options = [...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((flag) => flag !== '--help');
      expect([...documented.get(name)!].sort(), `lbsim ${name}`).toEqual(options.sort());
    }
  });
});
