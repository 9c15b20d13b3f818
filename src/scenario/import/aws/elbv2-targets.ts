// Registered targets as lbsim instances: CloudFormation `Targets[{Id, Port, AvailabilityZone}]` and
// `describe-target-health` `TargetHealthDescriptions[{Target, TargetHealth}]`, whose state says
// whether a target is in the pool (draining and unused targets take no new requests).

import type { JsonPath } from '../../errors.js';
import type { InstanceDraft, ScenarioDraft } from './draft.js';
import { ImportNotes } from './notes.js';

interface TargetPaths {
  /** The list item, where the note points. */
  item: JsonPath;
  /** The object holding Id, Port and AvailabilityZone (the item, or its `Target`). */
  target: JsonPath;
}

/** `Id`, or `Id:Port` when the target listens on another port than the group's. */
function readTarget(notes: ImportNotes, paths: TargetPaths, trafficPort: number): InstanceDraft | null {
  const id = notes.string([...paths.target, 'Id'], 'the target is left out');
  if (id === undefined) {
    if (notes.valueAt([...paths.target, 'Id']) === undefined) notes.error(paths.target, 'a target needs an Id', '{Id: ...}', undefined);
    return null;
  }
  const port = notes.valueAt([...paths.target, 'Port']) === undefined ? undefined : notes.integer([...paths.target, 'Port'], { min: 1, max: 65535 }, 'the group\'s port applies');
  const instance: InstanceDraft = { InstanceId: port === undefined || port.value === trafficPort ? id.value : `${id.value}:${port.value}` };
  const zonePath = [...paths.target, 'AvailabilityZone'];
  const zone = notes.valueAt(zonePath) === undefined ? undefined : notes.string(zonePath, 'the zone is left to lbsim');
  if (zone !== undefined && zone.value !== 'all') instance.AvailabilityZone = zone.value;
  if (zone?.value === 'all') notes.skip(zonePath, 'targets outside the VPC ("all" zones) are not modelled; lbsim places the instance');
  return instance;
}

export function readCloudFormationTargets(notes: ImportNotes, draft: ScenarioDraft, listPath: JsonPath, trafficPort: number): void {
  const list = notes.valueAt(listPath);
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    const read = notes.plain(listPath, 'lbsim\'s default instances are used');
    if (read !== undefined) notes.error(listPath, 'not a list of targets', '[{Id, Port}, ...]');
    return;
  }
  draft.instances = [];
  list.forEach((_, i) => {
    const item = [...listPath, i];
    const instance = readTarget(notes, { item, target: item }, trafficPort);
    if (instance === null) return;
    draft.instances!.push(instance);
    const via = notes.plain([...item, 'Id'], '')?.via;
    notes.apply(item, `Instances[${draft.instances!.length - 1}] (${instance.InstanceId}${via === undefined ? '' : `, from ${via}`})`);
  });
}

/** What lbsim does with a target in each state `describe-target-health` reports. */
function stateEffect(state: string): { fields: Partial<InstanceDraft>; detail: string } | null {
  switch (state) {
    case 'healthy':
    case 'unavailable': // health checks disabled: it serves
      return { fields: {}, detail: `${state}: InService` };
    case 'initial':
    case 'unhealthy':
      return { fields: { InitialState: 'OutOfService' }, detail: `${state}: InitialState OutOfService` };
    case 'draining':
    case 'unhealthy.draining':
      return { fields: { Registered: false }, detail: `${state}: deregistering, takes no new requests, so Registered false` };
    case 'unused':
      return { fields: { Registered: false }, detail: 'unused: not serving, so Registered false' };
    default:
      return null;
  }
}

export function readTargetHealth(notes: ImportNotes, draft: ScenarioDraft, listPath: JsonPath, trafficPort: number): void {
  const list = notes.valueAt(listPath);
  if (!Array.isArray(list)) {
    notes.error(listPath, 'not a list of target health descriptions', '[{Target: {Id, Port}, TargetHealth: {State}}, ...]');
    return;
  }
  draft.instances = [];
  list.forEach((_, i) => {
    const item = [...listPath, i];
    const instance = readTarget(notes, { item, target: [...item, 'Target'] }, trafficPort);
    if (instance === null) return;
    const statePath = [...item, 'TargetHealth', 'State'];
    const state = notes.valueAt(statePath) === undefined ? undefined : notes.string(statePath, 'InService is assumed');
    const effect = state === undefined ? { fields: {}, detail: 'no state: InService' } : stateEffect(state.value);
    if (effect === null) {
      notes.error(statePath, 'unknown target state', 'initial, healthy, unhealthy, unused, draining or unavailable');
      return;
    }
    Object.assign(instance, effect.fields);
    draft.instances!.push(instance);
    notes.apply(item, `Instances[${draft.instances!.length - 1}] (${instance.InstanceId}; ${effect.detail})`, `TargetHealthDescriptions[${i}] ${instance.InstanceId}`);
    notes.skipRest(item, ['Target', 'TargetHealth'], (key) => (key === 'HealthCheckPort' ? 'the group\'s health check port is used' : 'not about balancing'));
    notes.skipRest([...item, 'TargetHealth'], ['State'], () => 'why AWS sees this state: informational');
    notes.skipRest([...item, 'Target'], ['Id', 'Port', 'AvailabilityZone'], () => 'not about balancing');
  });
}
