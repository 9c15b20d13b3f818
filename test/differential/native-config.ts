// The differential cases' native configs: each template in test/fixtures/differential filled with
// the ports of one run (the listener and the three instances) and written where the balancer runs.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from '../helpers/cli.js';

export const FIXTURES = join(repo, 'test/fixtures/differential');

export interface ConfigPorts {
  listenPort: number;
  /** s1, s2, s3 in order. */
  instancePorts: number[];
}

/** Fills {{LISTEN_PORT}} and {{S<n>_PORT}}; a placeholder left over is a broken template, not a run. */
export function fillTemplate(template: string, ports: ConfigPorts): string {
  let text = template.replaceAll('{{LISTEN_PORT}}', String(ports.listenPort));
  ports.instancePorts.forEach((port, i) => (text = text.replaceAll(`{{S${i + 1}_PORT}}`, String(port))));
  const left = /\{\{[A-Z0-9_]+\}\}/.exec(text);
  if (left) throw new Error(`template placeholder ${left[0]} has no value`);
  return text;
}

/** Writes the filled template into `dir` under the template's own name; returns its path. */
export function writeNativeConfig(templateName: string, dir: string, ports: ConfigPorts): string {
  const file = join(dir, templateName);
  writeFileSync(file, fillTemplate(readFileSync(join(FIXTURES, templateName), 'utf8'), ports));
  return file;
}
