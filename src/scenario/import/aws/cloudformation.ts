// What both AWS readers need from a CloudFormation template: its resources by type, a resource's
// name, and one not-modelled note for every section and resource that is not about balancing.

import type { Template } from './intrinsics.js';
import type { ImportNotes } from './notes.js';
import type { Candidate } from './pick.js';

export const TARGET_GROUP_TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup';
export const LISTENER_TYPE = 'AWS::ElasticLoadBalancingV2::Listener';
export const LISTENER_RULE_TYPE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
export const ALB_TYPE = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
export const CLB_TYPE = 'AWS::ElasticLoadBalancing::LoadBalancer';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The root as a template when it has a `Resources` object. */
export function asTemplate(root: unknown): Template | null {
  return isRecord(root) && isRecord(root['Resources']) ? (root as unknown as Template) : null;
}

export function resourceType(template: Template, id: string): string | undefined {
  const resource = template.Resources[id];
  return isRecord(resource) && typeof resource['Type'] === 'string' ? resource['Type'] : undefined;
}

export function resourcesOfType(template: Template, type: string): string[] {
  return Object.keys(template.Resources).filter((id) => resourceType(template, id) === type);
}

export function properties(template: Template, id: string): Record<string, unknown> {
  const resource = template.Resources[id];
  const props = isRecord(resource) ? resource['Properties'] : undefined;
  return isRecord(props) ? props : {};
}

/** A resource as a candidate for --backend: its logical id, and its name property when written plainly. */
export function candidateOf(template: Template, id: string, nameKey: string): Candidate {
  const name = properties(template, id)[nameKey];
  return { path: ['Resources', id], names: typeof name === 'string' && name !== id ? [id, name] : [id] };
}

/** Top-level sections other than Resources: not modelled, Parameters read only for Defaults. */
export function noteSections(notes: ImportNotes, template: Template): void {
  for (const key of Object.keys(template)) {
    if (key === 'Resources') continue;
    const why = key === 'Parameters' ? 'read only for the Defaults of parameters the balancer settings refer to' : 'template section: not about balancing';
    notes.skip([key], why, key);
  }
}

/** Resource options beside Type and Properties (DependsOn, Condition, DeletionPolicy...). */
export function noteResourceOptions(notes: ImportNotes, id: string): void {
  notes.skipRest(['Resources', id], ['Type', 'Properties'], () => 'CloudFormation resource option: not about balancing');
}

/** One note per resource the reader did not use. */
export function noteOtherResources(notes: ImportNotes, template: Template, used: ReadonlySet<string>, why: (id: string, type: string) => string): void {
  for (const id of Object.keys(template.Resources)) {
    if (used.has(id)) continue;
    const type = resourceType(template, id) ?? '(no Type)';
    notes.skip(['Resources', id], why(id, type), `${id} (${type})`);
  }
}
