// The report's account of a scenario read from a native config: which file and backend, and every
// directive of it that lbsim does not model, with its file:line:column, so nothing is dropped unseen.

import type { SimulationSetup } from '../../model/config.js';
import { plural, wrapText } from './format.js';

const TEXT_WIDTH_COLUMNS = 88;

export function importedLines(setup: SimulationSetup): string[] {
  const imported = setup.imported;
  if (imported === undefined) return [];
  const backend = imported.backend === null ? '' : `, ${imported.backend}`;
  const count = imported.notModelled.length;
  const head = `Settings from ${imported.file} (${imported.format}${backend}): ${count === 0 ? 'every directive is modelled' : `${plural(count, 'directive')} not modelled`}`;
  const lines = [head];
  for (const note of imported.notModelled) {
    const [first = '', ...rest] = wrapText(`${note.at} ${note.directive}: ${note.why}`, TEXT_WIDTH_COLUMNS - 2);
    lines.push(`  ${first}`, ...rest.map((line) => `    ${line}`));
  }
  return lines;
}
