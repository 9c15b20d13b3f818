// Loading a scenario: file → text → JSON syntax tree → (the config it references) → validation →
// resolved scenario, or every error with its line and column. Files a scenario names are read
// through a FileAccess policy (file-access.ts); only the scenario file itself is read here.

import { readFileSync } from 'node:fs';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { isAbsolute, relative } from 'node:path';
import { withoutByteOrderMark } from './byte-order-mark.js';
import { formatPath, type Problem, type ScenarioError } from './errors.js';
import { anyFile, type FileAccess } from './file-access.js';
import { importReadConfig, readConfigText } from './import/config-file.js';
import { mergeObjects, pathInFile } from './import/merge-scenario.js';
import { configReference, shapeProblems } from './schema.js';
import { findExcessNesting, MAX_NESTING_LEVELS, type ExcessNesting } from './nesting.js';
import { findDuplicateKeys, indexSource, lineStartsOf, positionAt, positionOf, type JsonSource } from './positions.js';
import { resolveScenario } from './resolve.js';
import type { ResolvedScenario } from './resolved.js';
import { validateDocument } from './validate.js';
import { readError } from './read-error.js';
import { withheldFileError, withheldMergedError } from './withheld-errors.js';

export type LoadResult = { ok: true; scenario: ResolvedScenario } | { ok: false; errors: ScenarioError[] };

const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file',
  InvalidCommentToken: 'comments are not allowed',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

/** jsonc-parser reports a trailing comma as a missing name or value; say what the author did. */
function syntaxMessage(text: string, error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const closes = text[error.offset] === '}' || text[error.offset] === ']';
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && closes && text.slice(0, error.offset).trimEnd().endsWith(',')) {
    return 'invalid JSON: trailing comma';
  }
  return `invalid JSON: ${SYNTAX_MESSAGES[code] ?? code}`;
}

function syntaxErrors(text: string, errors: ParseError[], file: string): ScenarioError[] {
  const lineStarts = lineStartsOf(text);
  const seenOffsets = new Set<number>();
  const result: ScenarioError[] = [];
  // One error per place: after a slip the parser often reports a second, derived error at the same offset.
  for (const error of errors) {
    if (seenOffsets.has(error.offset)) continue;
    seenOffsets.add(error.offset);
    result.push({ file, ...positionAt(lineStarts, error.offset), path: '', message: syntaxMessage(text, error) });
  }
  return result;
}

/** Path segments shown for a too-deep value: its line and column say exactly where; the path says in what. */
const NESTING_PATH_SEGMENTS_SHOWN = 6;

function nestingError(text: string, file: string, excess: ExcessNesting): ScenarioError {
  const shown = excess.path.slice(0, NESTING_PATH_SEGMENTS_SHOWN);
  const path = formatPath(shown) + (excess.path.length > shown.length ? '…' : '');
  const where = positionAt(lineStartsOf(text), excess.offset);
  return { file, ...where, path, message: 'nested too deeply', expected: `at most ${MAX_NESTING_LEVELS} levels`, actual: String(excess.depth) };
}

function typeName(node: Node): string {
  return node.type === 'array' ? 'an array' : node.type === 'null' ? 'null' : `a ${node.type}`;
}

function toError(source: JsonSource, file: string, problem: Problem): ScenarioError {
  const error: ScenarioError = { file, ...positionOf(source, problem.path, problem.anchor), path: formatPath(problem.path), message: problem.message };
  if (problem.expected !== undefined) error.expected = problem.expected;
  if (problem.actual !== undefined) error.actual = problem.actual;
  return error;
}

function duplicateKeyErrors(source: JsonSource, file: string): ScenarioError[] {
  return findDuplicateKeys(source.root).map((duplicate) => {
    const first = positionAt(source.lineStarts, duplicate.firstOffset);
    const where = positionAt(source.lineStarts, duplicate.keyOffset);
    return { file, ...where, path: formatPath(duplicate.path), message: `duplicate key (first at line ${first.line}, column ${first.column})` };
  });
}

const byPosition = (a: ScenarioError, b: ScenarioError) => a.line - b.line || a.column - b.column;

/**
 * Parse, validate and resolve scenario text. `file` names it in messages and in the result; files the
 * scenario names are opened relative to it through `access` (the command line's: any file).
 */
export function parseScenarioText(text: string, file: string, access: FileAccess = anyFile): LoadResult {
  // Editors hide a byte-order mark, so columns are counted without it.
  const body = withoutByteOrderMark(text);
  if (body.trim() === '') return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: 'file is empty' }] };
  // Before the parser: it, and every tree walk after it, recurses once per level.
  const excess = findExcessNesting(body);
  if (excess !== null) return { ok: false, errors: [nestingError(body, file, excess)] };
  const parseErrors: ParseError[] = [];
  const root = parseTree(body, parseErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (parseErrors.length > 0 || root === undefined) return { ok: false, errors: syntaxErrors(body, parseErrors, file) };
  const source = indexSource(body, root);
  if (root.type !== 'object') {
    const where = positionAt(source.lineStarts, root.offset);
    return { ok: false, errors: [{ file, ...where, path: '', message: 'expected a JSON object', actual: typeName(root) }] };
  }
  // The text is strict JSON now; JSON.parse keeps keys like "__proto__" as plain data.
  const raw = JSON.parse(body) as Record<string, unknown>;
  const built = withReferencedConfig(raw, source, file, access);
  if (!built.ok) return { ok: false, errors: [...duplicateKeyErrors(source, file), ...built.errors] };
  const validation = validateDocument(built.document);
  const { document, configFile } = built;
  const locate = (p: Problem) => (configFile === null ? toError(source, file, p) : locateMerged(source, file, { raw, document, configFile }, p, access));
  const errors = [...duplicateKeyErrors(source, file), ...(validation.ok ? [] : validation.problems.map(locate))];
  if (errors.length > 0 || !validation.ok) return { ok: false, errors: errors.sort(byPosition) };
  return { ok: true, scenario: resolveScenario(validation.scenario, file) };
}

type Built = { ok: true; document: Record<string, unknown>; configFile: string | null } | { ok: false; errors: ScenarioError[] };

/** A scenario with `Config`: the config imported (import/), the file's own keys laid over it. */
function withReferencedConfig(raw: Record<string, unknown>, source: JsonSource, file: string, access: FileAccess): Built {
  if (!Object.hasOwn(raw, 'Config')) return { ok: true, document: raw, configFile: null };
  const shape = shapeProblems(configReference, raw['Config']);
  if (shape.length > 0) return { ok: false, errors: shape.map((p) => toError(source, file, { ...p, path: ['Config', ...p.path] })) };
  const reference = configReference.parse(raw['Config']);
  // A config that cannot be read (or may not be) is the scenario's mistake: say so at its Config.File.
  const read = readConfigText(reference.File, file, access);
  if (!read.ok) {
    const message = read.file === null ? read.message : `${read.message}: ${shownPath(read.file)}`;
    return { ok: false, errors: [toError(source, file, { path: ['Config', 'File'], anchor: 'value', message, expected: 'a config file, relative to this scenario' })] };
  }
  const configFile = shownPath(read.file);
  const imported = importReadConfig(
    read.text,
    configFile,
    {
      ...(reference.Format === undefined ? {} : { format: reference.Format }),
      ...(reference.Backend === undefined ? {} : { backend: reference.Backend }),
    },
    access,
  );
  if (!imported.ok) return { ok: false, errors: access.quotesContent ? imported.errors : imported.errors.map(withheldFileError) };
  const { Config: _reference, ...own } = raw;
  return { ok: true, document: mergeObjects(imported.config.scenario, own), configFile };
}

/** A config under the working directory is named relative to it, as a user would type it (and reports stay the same on every clone). */
function shownPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') || isAbsolute(fromHere) ? path : fromHere;
}

/** A problem in a merged scenario: at the file's own key if it wrote one, else at `Config.File`, naming the config. */
function locateMerged(source: JsonSource, file: string, built: { raw: Record<string, unknown>; document: Record<string, unknown>; configFile: string }, p: Problem, access: FileAccess): ScenarioError {
  const own = pathInFile(built.raw, built.document, p.path, p.anchor === 'parent');
  if (own !== null) return toError(source, file, { ...p, path: own });
  const error = toError(source, file, { ...p, path: ['Config', 'File'], anchor: 'value' });
  const merged = { ...error, path: formatPath(p.path), message: `${p.message} (set by ${built.configFile})` };
  return access.quotesContent ? merged : withheldMergedError(merged, built.configFile);
}

/** Load a scenario file; every failure, including a missing file, comes back as errors, never as a throw. */
export function loadScenarioFile(path: string, access: FileAccess = anyFile): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, errors: [{ file: path, line: 1, column: 1, path: '', message: readError(error) }] };
  }
  return parseScenarioText(text, path, access);
}
