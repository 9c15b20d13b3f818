// Mutation scores per folder from Stryker's JSON report (`npm run mutation:scores` after
// `npm run mutation`), grouped as test/MUTATION.md lists them, plus every surviving mutant.
// Score = detected / (detected + undetected), Stryker's definition: killed and timed-out mutants
// are detected; survivors and mutants no test reaches are not. Ignored or invalid ones do not count.

import { readFileSync } from 'node:fs';

const reportPath = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

/** src/model/<sub>, src/scenario/import/<format>, src/report/<part>; files directly in a folder group as that folder. */
function groupOf(file) {
  const parts = file.split('/');
  if (parts[1] === 'scenario' && parts[2] === 'import' && parts.length > 4) return parts.slice(0, 4).join('/');
  if (parts[1] === 'scenario') return parts.length > 3 ? parts.slice(0, 3).join('/') : 'src/scenario';
  return parts.length > 3 ? parts.slice(0, 3).join('/') : parts.slice(0, 2).join('/');
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const groups = new Map();
const survivors = [];
for (const [file, { mutants }] of Object.entries(report.files)) {
  const group = groups.get(groupOf(file)) ?? { detected: 0, undetected: 0 };
  for (const mutant of mutants) {
    if (DETECTED.has(mutant.status)) group.detected++;
    if (UNDETECTED.has(mutant.status)) {
      group.undetected++;
      survivors.push(`${file}:${mutant.location.start.line}:${mutant.location.start.column} ${mutant.status} ${mutant.mutatorName}: ${JSON.stringify(mutant.replacement ?? '')}`);
    }
  }
  groups.set(groupOf(file), group);
}

for (const [name, { detected, undetected }] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
  const total = detected + undetected;
  console.log(`${name.padEnd(34)} ${((100 * detected) / total).toFixed(1).padStart(5)}%  ${detected} of ${total} detected`);
}
console.log(`\n${survivors.length} not detected:`);
for (const line of survivors) console.log(`  ${line}`);
