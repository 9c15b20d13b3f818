// What a native-config reader produces: a scenario object in lbsim's own vocabulary plus, for every
// directive it read, whether it was applied or is not modelled, with the config's own file:line:col.

import type { ScenarioError } from '../errors.js';

export const IMPORT_FORMATS = ['haproxy', 'nginx', 'envoy', 'elbv2', 'clb'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface SourceSpot {
  file: string;
  line: number;
  column: number;
}

export interface DirectiveNote {
  at: SourceSpot;
  /** The directive as the config spells it: `option forwardfor`, `proxy_buffering off`, `lb_policy: MAGLEV`. */
  directive: string;
  /** Applied: the scenario fields it set (`HealthCheck.Interval`); not modelled: why, in a few words. */
  detail: string;
}

export interface ImportedConfig {
  format: ImportFormat;
  /** A complete scenario as plain JSON (PascalCase keys), valid by the scenario schema. */
  scenario: Record<string, unknown>;
  applied: DirectiveNote[];
  notModelled: DirectiveNote[];
}

/** A config mistake: the config's own file, line and column; `path` names the directive or key. */
export type ConfigError = ScenarioError;

export type ImportOutcome = { ok: true; config: ImportedConfig } | { ok: false; errors: ConfigError[] };

/** Reads another file a config refers to (nginx `include`), relative to the including file's folder. */
export type ReadRelated = (path: string, fromFile: string) => { ok: true; file: string; text: string } | { ok: false; message: string };

/** The files a wildcard names (nginx `include conf.d/*.conf;`), relative to the referring file's folder; any order. */
export type ListRelated = (pattern: string, fromFile: string) => { ok: true; files: string[] } | { ok: false; message: string };

export interface ReadOptions {
  /** Which backend, upstream, cluster or target group to take when the file has several. */
  backend?: string;
  readRelated: ReadRelated;
  listRelated?: ListRelated;
}

export interface ConfigReader {
  format: ImportFormat;
  /** Whether `text` looks like this format; used when the user gives no --format. */
  detect(text: string, file: string): boolean;
  read(text: string, file: string, options: ReadOptions): ImportOutcome;
}
