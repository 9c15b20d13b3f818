// The two AWS readers: `elbv2` (an ALB target group, from CloudFormation or `aws elbv2` output) and
// `clb` (a Classic Load Balancer, from CloudFormation or `aws elb` output). Detection by the
// CloudFormation resource Type, or by the CLI output's top-level keys.

import type { ConfigError, ConfigReader, DirectiveNote, ImportFormat, ImportOutcome } from '../import-types.js';
import { readClbCli, CLB_CLI_KEYS } from './clb-cli.js';
import { readClbTemplate } from './clb-cloudformation.js';
import { asTemplate, CLB_TYPE, resourcesOfType, TARGET_GROUP_TYPE } from './cloudformation.js';
import { scenarioOf, type ScenarioDraft } from './draft.js';
import { ELBV2_CLI_KEYS, readElbv2Cli } from './elbv2-cli.js';
import { readElbv2Template } from './elbv2-cloudformation.js';
import { ImportNotes } from './notes.js';
import { parseRootQuietly, parseSourceTree } from './source-tree.js';

/** Keys `aws` prints around any output: not settings. */
const CLI_ENVELOPE = ['NextMarker', 'ResponseMetadata'];
/** Attribute keys only a target group has, to tell `describe-target-group-attributes` from other `Attributes` lists. */
const TARGET_GROUP_ATTRIBUTE = /^(deregistration_delay|stickiness|load_balancing|slow_start|target_group_health|lambda|proxy_protocol_v2|preserve_client_ip|target_failover)\./;

const hasOnly = (root: Record<string, unknown>, allowed: readonly string[]) => Object.keys(root).every((key) => allowed.includes(key) || CLI_ENVELOPE.includes(key));

function looksLikeTargetGroupAttributes(value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => typeof (item as Record<string, unknown> | null)?.['Key'] === 'string' && TARGET_GROUP_ATTRIBUTE.test(String((item as Record<string, unknown>)['Key'])));
}

function isElbv2Cli(root: Record<string, unknown>): boolean {
  if (!hasOnly(root, ELBV2_CLI_KEYS)) return false;
  return root['TargetGroups'] !== undefined || root['TargetHealthDescriptions'] !== undefined || looksLikeTargetGroupAttributes(root['Attributes']);
}

function isClbCli(root: Record<string, unknown>): boolean {
  return hasOnly(root, CLB_CLI_KEYS) && (root['LoadBalancerDescriptions'] !== undefined || root['LoadBalancerAttributes'] !== undefined);
}

const byPlace = (a: { line: number; column: number }, b: { line: number; column: number }) => a.line - b.line || a.column - b.column;
const notesByPlace = (a: DirectiveNote, b: DirectiveNote) => byPlace(a.at, b.at);

type ReadBody = (notes: ImportNotes, backend: string | undefined) => ScenarioDraft | null;

function readWith(format: ImportFormat, text: string, file: string, backend: string | undefined, fromTemplate: ReadBody, fromCli: ReadBody, what: string): ImportOutcome {
  const parsed = parseSourceTree(text, file);
  if (!parsed.ok) return parsed;
  const root = parsed.tree.root;
  const isObject = typeof root === 'object' && root !== null && !Array.isArray(root);
  const template = asTemplate(root);
  const notes = new ImportNotes(parsed.tree, template);
  let draft: ScenarioDraft | null = null;
  if (template !== null) draft = fromTemplate(notes, backend);
  else if (isObject) draft = fromCli(notes, backend);
  else notes.error([], 'not an object', what, undefined);
  if (notes.errors.length > 0 || draft === null) {
    const errors: ConfigError[] = notes.errors.length > 0 ? notes.errors : [{ ...parsed.tree.spot([]), path: '', message: 'nothing to import', expected: what }];
    return { ok: false, errors: errors.sort(byPlace) };
  }
  return {
    ok: true,
    config: { format, scenario: scenarioOf(draft, file), applied: notes.applied.sort(notesByPlace), notModelled: notes.notModelled.sort(notesByPlace) },
  };
}

export const elbv2Reader: ConfigReader = {
  format: 'elbv2',
  detect(text) {
    if (!/TargetGroup|TargetHealthDescriptions|"?Attributes"?\s*:/.test(text)) return false;
    const root = parseRootQuietly(text);
    if (root === null) return false;
    const template = asTemplate(root);
    return template !== null ? resourcesOfType(template, TARGET_GROUP_TYPE).length > 0 : isElbv2Cli(root);
  },
  read(text, file, options) {
    const what = `a CloudFormation template with an ${TARGET_GROUP_TYPE}, or aws elbv2 describe-target-groups / describe-target-group-attributes / describe-target-health output`;
    return readWith('elbv2', text, file, options.backend, (notes, backend) => readElbv2Template(notes, notes.template!, backend), (notes, backend) => {
      if (isElbv2Cli(notes.tree.root as Record<string, unknown>)) return readElbv2Cli(notes, backend);
      notes.error([], 'not aws elbv2 output', `an object with ${ELBV2_CLI_KEYS.join(', ')}`, Object.keys(notes.tree.root as object).join(', '));
      return null;
    }, what);
  },
};

export const clbReader: ConfigReader = {
  format: 'clb',
  detect(text) {
    if (!/ElasticLoadBalancing::LoadBalancer|LoadBalancerDescriptions|LoadBalancerAttributes/.test(text)) return false;
    const root = parseRootQuietly(text);
    if (root === null) return false;
    const template = asTemplate(root);
    return template !== null ? resourcesOfType(template, CLB_TYPE).length > 0 : isClbCli(root);
  },
  read(text, file, options) {
    const what = `a CloudFormation template with an ${CLB_TYPE}, or aws elb describe-load-balancers output`;
    return readWith('clb', text, file, options.backend, (notes, backend) => readClbTemplate(notes, notes.template!, backend), (notes, backend) => {
      if (isClbCli(notes.tree.root as Record<string, unknown>)) return readClbCli(notes, backend);
      notes.error([], 'not aws elb output', `an object with ${CLB_CLI_KEYS.join(', ')}`, Object.keys(notes.tree.root as object).join(', '));
      return null;
    }, what);
  },
};
