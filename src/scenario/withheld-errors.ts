// Errors about a referenced file's content as a client that must not read that content sees them
// (the web app): the file's name and line number, no word of the file, and where to get the rest.

import type { ScenarioError } from './errors.js';

const DETAILS_WITHHELD = 'the details would quote the file, so they are not sent here; `lbsim validate` shows them';

/** An error inside a referenced file (the config or a file it includes). */
export function withheldFileError(error: ScenarioError): ScenarioError {
  return { file: error.file, line: error.line, column: 1, path: '', message: `cannot use this file (${DETAILS_WITHHELD})` };
}

/** A scenario field that a referenced file set to an invalid value: the field's path and the file, not the value. */
export function withheldMergedError(error: ScenarioError, configFile: string): ScenarioError {
  return { file: error.file, line: error.line, column: error.column, path: error.path, message: `invalid value, set by ${configFile} (${DETAILS_WITHHELD})` };
}
