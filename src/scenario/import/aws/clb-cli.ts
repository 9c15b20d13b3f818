// `aws elb describe-load-balancers` output (LoadBalancerDescriptions[]), optionally merged with
// `describe-load-balancer-attributes` (LoadBalancerAttributes) and `describe-instance-health`
// (InstanceStates) into one object, as `jq -s add` gives.

import type { JsonPath } from '../../errors.js';
import { readClbCrossZone, readClbDraining, readClbHealthCheck, readClbIdleTimeout, readClbInstances, readClbListener, readClbZones } from './clb-settings.js';
import { newDraft, type ScenarioDraft } from './draft.js';
import { ImportNotes } from './notes.js';
import { pickOne, type Candidate } from './pick.js';

export const CLB_CLI_KEYS = ['LoadBalancerDescriptions', 'LoadBalancerAttributes', 'InstanceStates'] as const;
const UNNAMED = 'my-load-balancer';

function candidates(notes: ImportNotes): Candidate[] {
  const list = notes.valueAt(['LoadBalancerDescriptions']);
  if (!Array.isArray(list)) return [];
  return list.map((item, i) => {
    const name = (item as Record<string, unknown> | null)?.['LoadBalancerName'];
    return { path: ['LoadBalancerDescriptions', i], names: [typeof name === 'string' ? name : `LoadBalancerDescriptions[${i}]`] };
  });
}

function readDescription(notes: ImportNotes, draft: ScenarioDraft, base: JsonPath): void {
  const at = (key: string) => [...base, key];
  const name = notes.valueAt(at('LoadBalancerName'));
  if (name !== undefined) notes.apply(at('LoadBalancerName'), 'Name, LoadBalancerName');
  const listeners = notes.valueAt(at('ListenerDescriptions'));
  if (Array.isArray(listeners)) {
    listeners.forEach((_, i) => {
      readClbListener(notes, draft, [...at('ListenerDescriptions'), i, 'Listener']);
      notes.skipRest([...at('ListenerDescriptions'), i], ['Listener'], (key) => (key === 'PolicyNames' ? 'listener policies (stickiness, TLS) are not modelled' : 'not about balancing'));
    });
  } else if (listeners !== undefined) notes.error(at('ListenerDescriptions'), 'not a list of listener descriptions', '[{Listener: {...}}]');
  readClbHealthCheck(notes, draft, at('HealthCheck'));
  readClbInstances(notes, draft, at('Instances'), (item) => [...item, 'InstanceId']);
  readClbZones(notes, draft, at('AvailabilityZones'));
  notes.skipRest(base, ['LoadBalancerName', 'ListenerDescriptions', 'HealthCheck', 'Instances', 'AvailabilityZones'], (key) =>
    key === 'Policies' || key === 'BackendServerDescriptions' ? 'policies (stickiness, TLS, proxy protocol) are not modelled' : 'network placement or metadata: not about balancing',
  );
}

function readAttributes(notes: ImportNotes, draft: ScenarioDraft): void {
  const base = ['LoadBalancerAttributes'];
  if (notes.valueAt(base) === undefined) return;
  readClbDraining(notes, draft, [...base, 'ConnectionDraining']);
  readClbIdleTimeout(notes, draft, [...base, 'ConnectionSettings']);
  if (notes.valueAt([...base, 'CrossZoneLoadBalancing']) !== undefined) {
    readClbCrossZone(notes, draft, [...base, 'CrossZoneLoadBalancing', 'Enabled']);
    notes.skipRest([...base, 'CrossZoneLoadBalancing'], ['Enabled'], () => 'not a cross-zone setting');
  }
  notes.skipRest(base, ['ConnectionDraining', 'ConnectionSettings', 'CrossZoneLoadBalancing'], (key) =>
    key === 'AccessLog' ? 'access logging is not modelled' : 'not an attribute lbsim models',
  );
}

/** `describe-instance-health`: an OutOfService instance starts out of service. */
function readInstanceStates(notes: ImportNotes, draft: ScenarioDraft): void {
  const list = notes.valueAt(['InstanceStates']);
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    notes.error(['InstanceStates'], 'not a list of instance states', '[{InstanceId, State}]');
    return;
  }
  draft.instances ??= [];
  list.forEach((_, i) => {
    const item = ['InstanceStates', i];
    const id = notes.string([...item, 'InstanceId'], 'the state is left out');
    const state = notes.string([...item, 'State'], 'InService is assumed');
    if (id === undefined || state === undefined) return;
    let instance = draft.instances!.find((x) => x.InstanceId === id.value);
    if (instance === undefined) {
      instance = { InstanceId: id.value };
      draft.instances!.push(instance);
    }
    if (state.value === 'OutOfService') instance.InitialState = 'OutOfService';
    else if (state.value !== 'InService' && state.value !== 'Unknown') {
      notes.error([...item, 'State'], 'unknown instance state', 'InService, OutOfService or Unknown');
      return;
    }
    notes.apply(item, `Instances (${id.value}: ${state.value === 'OutOfService' ? 'InitialState OutOfService' : 'InService'})`, `InstanceStates[${i}] ${id.value} ${state.value}`);
    notes.skipRest(item, ['InstanceId', 'State'], () => 'why AWS sees this state: informational');
  });
}

export function readClbCli(notes: ImportNotes, backend: string | undefined): ScenarioDraft | null {
  const root = notes.tree.root as Record<string, unknown>;
  const parts = CLB_CLI_KEYS.filter((key) => root[key] !== undefined);
  let draft: ScenarioDraft;
  if (root['LoadBalancerDescriptions'] !== undefined) {
    const chosen = pickOne(notes, candidates(notes), backend, 'load balancer', ['LoadBalancerDescriptions']);
    if (chosen === null) return null;
    const name = notes.valueAt([...chosen.path, 'LoadBalancerName']);
    draft = newDraft('aws-clb', typeof name === 'string' && name !== '' ? name : UNNAMED, `aws elb ${parts.join(' + ')}`);
    readDescription(notes, draft, chosen.path);
    (root['LoadBalancerDescriptions'] as unknown[]).forEach((_, i) => {
      if (i !== chosen.path[1]) notes.skip(['LoadBalancerDescriptions', i], 'another load balancer (import it with --backend NAME)', `LoadBalancerDescriptions[${i}]`);
    });
  } else draft = newDraft('aws-clb', UNNAMED, `aws elb ${parts.join(' + ')}, CLB defaults for the rest`);
  if (draft.listeners.length === 0) draft.listeners.push({ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: 80 });
  readAttributes(notes, draft);
  readInstanceStates(notes, draft);
  notes.skipRest([], [...CLB_CLI_KEYS], (key) => (key === 'NextMarker' ? 'paging marker: not about balancing' : 'not part of the aws elb outputs lbsim reads'));
  return draft;
}
