// The native-config readers by format: picks a reader (from --format or by detection), runs it, and
// adds the `Imported` block that carries every not-modelled directive into the run's report and JSON.

import { elbv2Reader, clbReader } from './aws/reader.js';
import { envoyReader } from './envoy/reader.js';
import { haproxyReader } from './haproxy/reader.js';
import { IMPORT_FORMATS, type ConfigReader, type DirectiveNote, type ImportedConfig, type ImportFormat, type ImportOutcome, type ListRelated, type ReadRelated } from './import-types.js';
import { nginxReader } from './nginx/reader.js';

export const READERS: Record<ImportFormat, ConfigReader> = {
  haproxy: haproxyReader,
  nginx: nginxReader,
  envoy: envoyReader,
  elbv2: elbv2Reader,
  clb: clbReader,
};

/** Structured formats first: their detection looks for specific keys, the text formats' for directives. */
const DETECTION_ORDER: readonly ImportFormat[] = ['clb', 'elbv2', 'envoy', 'nginx', 'haproxy'];

export function detectFormat(text: string, file: string): ImportFormat | null {
  return DETECTION_ORDER.find((format) => READERS[format].detect(text, file)) ?? null;
}

export interface ImportRequest {
  format?: ImportFormat;
  backend?: string;
  readRelated: ReadRelated;
  listRelated?: ListRelated;
}

export const spotText = (note: DirectiveNote): string => `${note.at.file}:${note.at.line}:${note.at.column}`;

/** The scenario block that keeps the config's origin and its not-modelled directives with the scenario. */
function withImportedBlock(config: ImportedConfig, file: string): ImportedConfig {
  const backend = config.scenario['LoadBalancerName'];
  const imported = {
    Format: config.format,
    File: file,
    ...(typeof backend === 'string' ? { Backend: backend } : {}),
    NotModelled: config.notModelled.map((note) => ({ At: spotText(note), Directive: note.directive, Why: note.detail })),
  };
  return { ...config, scenario: { ...config.scenario, Imported: imported } };
}

export function importConfigText(text: string, file: string, request: ImportRequest): ImportOutcome {
  const format = request.format ?? detectFormat(text, file);
  if (format === null) {
    const expected = `a haproxy.cfg, an nginx config, an Envoy cluster or bootstrap, an ELBv2 target group or a Classic ELB (or --format ${IMPORT_FORMATS.join('|')})`;
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: 'cannot tell which balancer this config is for', expected }] };
  }
  const outcome = READERS[format].read(text, file, {
    readRelated: request.readRelated,
    ...(request.listRelated === undefined ? {} : { listRelated: request.listRelated }),
    ...(request.backend === undefined ? {} : { backend: request.backend }),
  });
  return outcome.ok ? { ok: true, config: withImportedBlock(outcome.config, file) } : outcome;
}
