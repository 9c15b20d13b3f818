// A CloudFormation `AWS::ElasticLoadBalancing::LoadBalancer`: Listeners, HealthCheck (strings),
// ConnectionDrainingPolicy, ConnectionSettings, CrossZone, Instances (often `!Ref`), AvailabilityZones.

import { candidateOf, CLB_TYPE, noteOtherResources, noteResourceOptions, noteSections, resourcesOfType } from './cloudformation.js';
import { readClbCrossZone, readClbDraining, readClbHealthCheck, readClbIdleTimeout, readClbInstances, readClbListener, readClbZones } from './clb-settings.js';
import { newDraft, type ScenarioDraft } from './draft.js';
import type { Template } from './intrinsics.js';
import { ImportNotes } from './notes.js';
import { pickOne } from './pick.js';

const READ = ['LoadBalancerName', 'Listeners', 'HealthCheck', 'ConnectionDrainingPolicy', 'ConnectionSettings', 'CrossZone', 'Instances', 'AvailabilityZones'];

function whyNot(key: string): string {
  if (key === 'AppCookieStickinessPolicy' || key === 'LBCookieStickinessPolicy') return 'stickiness policies are not modelled for the Classic Load Balancer';
  if (key === 'Policies') return 'policies (TLS, proxy protocol, back-end auth) are not modelled';
  if (key === 'AccessLoggingPolicy') return 'access logging is not modelled';
  return 'network placement or metadata: not about balancing';
}

export function readClbTemplate(notes: ImportNotes, template: Template, backend: string | undefined): ScenarioDraft | null {
  const balancers = resourcesOfType(template, CLB_TYPE).map((id) => candidateOf(template, id, 'LoadBalancerName'));
  const chosen = pickOne(notes, balancers, backend, `${CLB_TYPE} resource`, ['Resources']);
  if (chosen === null) return null;
  const id = String(chosen.path[1]);
  const base = ['Resources', id, 'Properties'];
  const at = (key: string) => [...base, key];
  const namePath = at('LoadBalancerName');
  const name = notes.valueAt(namePath) === undefined ? undefined : notes.string(namePath, `the logical id "${id}" is used`);
  if (name !== undefined) notes.apply(namePath, ImportNotes.detail('Name, LoadBalancerName', name));
  const draft = newDraft('aws-clb', name?.value ?? id, `CloudFormation ${CLB_TYPE} ${id}`);
  notes.apply(['Resources', id, 'Type'], 'Profile aws-clb');

  const listeners = notes.valueAt(at('Listeners'));
  if (Array.isArray(listeners)) listeners.forEach((_, i) => readClbListener(notes, draft, [...at('Listeners'), i]));
  else if (listeners === undefined) notes.error(base, 'missing Listeners (CloudFormation requires them)', 'Listeners: [{LoadBalancerPort, InstancePort, Protocol}]', undefined);
  else if (notes.plain(at('Listeners'), 'one HTTP:80 listener is used') !== undefined) notes.error(at('Listeners'), 'not a list of listeners', '[{LoadBalancerPort, InstancePort, Protocol}]');
  if (draft.listeners.length === 0) draft.listeners.push({ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 });

  readClbHealthCheck(notes, draft, at('HealthCheck'));
  readClbDraining(notes, draft, at('ConnectionDrainingPolicy'));
  readClbIdleTimeout(notes, draft, at('ConnectionSettings'));
  readClbCrossZone(notes, draft, at('CrossZone'));
  readClbInstances(notes, draft, at('Instances'), (item) => item);
  readClbZones(notes, draft, at('AvailabilityZones'));
  notes.skipRest(base, READ, whyNot);
  noteResourceOptions(notes, id);
  noteOtherResources(notes, template, new Set([id]), (other, type) => (type === CLB_TYPE ? `another load balancer (import it with --backend ${other})` : 'not about this load balancer'));
  noteSections(notes, template);
  return draft;
}
