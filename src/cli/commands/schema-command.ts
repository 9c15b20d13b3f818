// `lbsim schema [--out FILE]`: the JSON Schema of scenario files, for editors ("$schema" in a
// scenario). `npm run schema` writes scenarios/schema.json with it; a test keeps that file current.

import { scenarioJsonSchema } from '../../scenario/json-schema.js';
import { ExitCode } from '../exit-codes.js';
import { LineFile } from '../output/line-file.js';

export const schemaText = (): string => `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;

export function schemaCommand(options: { out?: string }): number {
  const text = schemaText();
  if (options.out === undefined) {
    process.stdout.write(text);
    return ExitCode.ok;
  }
  const file = new LineFile(options.out, '--out');
  file.writeLine(text.trimEnd());
  file.close();
  return ExitCode.ok;
}
