// The scenario an AWS reader builds up while it reads: only what the file says, then the complete
// scenario object with the contract's defaults (Duration, Seed, Traffic) and the profile object when
// there are overrides.

import type { ProfileName } from '../../../model/outcome.js';

export interface ListenerDraft {
  Protocol: string;
  LoadBalancerPort: number;
  InstanceProtocol: string;
  InstancePort: number;
}

export interface InstanceDraft {
  InstanceId: string;
  AvailabilityZone?: string;
  Registered?: boolean;
  InitialState?: 'InService' | 'OutOfService';
}

export interface ScenarioDraft {
  name: string;
  what: string;
  profile: ProfileName;
  overrides: Record<string, unknown>;
  listeners: ListenerDraft[];
  healthCheck: Record<string, unknown>;
  attributes: Record<string, unknown>;
  balancing: Record<string, unknown>;
  availabilityZones?: string[];
  instances: InstanceDraft[] | null;
  /** Sticky sessions need a client population (validate-balancing.ts): a count of clients, or none. */
  clients?: number;
}

export function newDraft(profile: ProfileName, name: string, what: string): ScenarioDraft {
  return { name, what, profile, overrides: {}, listeners: [], healthCheck: {}, attributes: {}, balancing: {}, instances: null };
}

const nonEmpty = (value: Record<string, unknown>) => Object.keys(value).length > 0;

/** The complete scenario: contract defaults, then each block only when the file set something in it. */
export function scenarioOf(draft: ScenarioDraft, file: string): Record<string, unknown> {
  const scenario: Record<string, unknown> = {
    Name: draft.name,
    Description: `Imported from ${file} (${draft.what})`,
    Duration: '10m',
    Seed: 1,
    Profile: nonEmpty(draft.overrides) ? { Base: draft.profile, ...draft.overrides } : draft.profile,
    LoadBalancerName: draft.name,
    Listeners: draft.listeners,
  };
  if (nonEmpty(draft.healthCheck)) scenario['HealthCheck'] = draft.healthCheck;
  if (nonEmpty(draft.attributes)) scenario['LoadBalancerAttributes'] = draft.attributes;
  if (nonEmpty(draft.balancing)) scenario['Balancing'] = draft.balancing;
  if (draft.availabilityZones !== undefined) scenario['AvailabilityZones'] = draft.availabilityZones;
  if (draft.instances !== null && draft.instances.length > 0) scenario['Instances'] = draft.instances;
  scenario['Traffic'] = { Rate: 10, Arrival: 'poisson', ...(draft.clients === undefined ? {} : { Clients: { Count: draft.clients } }) };
  return scenario;
}
