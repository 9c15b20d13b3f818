// A Classic Load Balancer's settings, shared by its CloudFormation and CLI forms: listeners, the health
// check (AWS ranges: Interval 5–300, Timeout 2–60 and below Interval, thresholds 2–10; CloudFormation
// writes them as strings), draining, idle timeout, cross-zone and instances (lb-semantics.md §1).

import type { JsonPath } from '../../errors.js';
import { parseHealthTarget } from '../../schema.js';
import type { InstanceDraft, ScenarioDraft } from './draft.js';
import { ImportNotes } from './notes.js';

const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'SSL'];
const HEALTH_CHECK_RANGES = {
  Interval: { min: 5, max: 300 },
  Timeout: { min: 2, max: 60 },
  HealthyThreshold: { min: 2, max: 10 },
  UnhealthyThreshold: { min: 2, max: 10 },
} as const;
const CLB_DEFAULTS = { Interval: 30, Timeout: 5, HealthyThreshold: 10, UnhealthyThreshold: 2 } as const;

function readProtocol(notes: ImportNotes, path: JsonPath): string | undefined {
  if (notes.valueAt(path) === undefined) return undefined;
  const read = notes.string(path, 'HTTP is assumed');
  if (read === undefined) return undefined;
  const name = read.value.toUpperCase();
  if (!PROTOCOLS.includes(name)) {
    notes.error(path, 'unknown protocol', PROTOCOLS.join(', '));
    return undefined;
  }
  return name;
}

/** One listener `{Protocol, LoadBalancerPort, InstanceProtocol, InstancePort}` at `path` (CLI: under `Listener`). */
export function readClbListener(notes: ImportNotes, draft: ScenarioDraft, path: JsonPath): void {
  const index = draft.listeners.length;
  const at = (key: string) => [...path, key];
  const protocol = readProtocol(notes, at('Protocol'));
  const instanceProtocol = readProtocol(notes, at('InstanceProtocol'));
  const port = notes.integer(at('LoadBalancerPort'), { min: 1, max: 65535 }, 'port 80 is used');
  const instancePort = notes.integer(at('InstancePort'), { min: 1, max: 65535 }, 'port 80 is used');
  for (const key of ['Protocol', 'LoadBalancerPort', 'InstancePort']) {
    if (notes.valueAt(at(key)) === undefined) notes.error(path, `a listener needs ${key}`, key, undefined);
  }
  const listener = { Protocol: protocol ?? 'HTTP', LoadBalancerPort: port?.value ?? 80, InstanceProtocol: instanceProtocol ?? protocol ?? 'HTTP', InstancePort: instancePort?.value ?? 80 };
  draft.listeners.push(listener);
  const reads: Record<string, { via?: string } | undefined> = { LoadBalancerPort: port, InstancePort: instancePort };
  for (const key of ['Protocol', 'LoadBalancerPort', 'InstanceProtocol', 'InstancePort']) {
    if (notes.valueAt(at(key)) !== undefined) notes.apply(at(key), ImportNotes.detail(`Listeners[${index}].${key}`, reads[key]));
  }
  notes.skipRest(path, ['Protocol', 'LoadBalancerPort', 'InstanceProtocol', 'InstancePort'], (key) =>
    key === 'SSLCertificateId' ? 'TLS certificates are not modelled' : key === 'PolicyNames' ? 'listener policies (stickiness, TLS) are not modelled' : 'not a listener setting lbsim models',
  );
}

export function readClbHealthCheck(notes: ImportNotes, draft: ScenarioDraft, path: JsonPath): void {
  const value = notes.valueAt(path);
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (notes.plain(path, 'the aws-clb default health check applies') !== undefined) notes.error(path, 'not a health check', '{Target, Interval, Timeout, HealthyThreshold, UnhealthyThreshold}');
    return;
  }
  const at = (key: string) => [...path, key];
  const target = notes.valueAt(at('Target')) === undefined ? undefined : notes.string(at('Target'), 'the aws-clb default target TCP:80 applies');
  if (target !== undefined) {
    const parsed = parseHealthTarget(target.value);
    if ('message' in parsed) notes.error(at('Target'), parsed.message, parsed.expected ?? 'TCP:port, SSL:port, HTTP:port/path or HTTPS:port/path');
    else {
      draft.healthCheck['Target'] = target.value;
      notes.apply(at('Target'), ImportNotes.detail('HealthCheck.Target', target));
    }
  }
  const numbers: Partial<Record<keyof typeof HEALTH_CHECK_RANGES, number>> = {};
  for (const key of Object.keys(HEALTH_CHECK_RANGES) as (keyof typeof HEALTH_CHECK_RANGES)[]) {
    if (notes.valueAt(at(key)) === undefined) continue;
    const unit = key === 'Interval' || key === 'Timeout' ? ' seconds' : '';
    const read = notes.integer(at(key), HEALTH_CHECK_RANGES[key], `the aws-clb default ${CLB_DEFAULTS[key]} applies`, unit);
    if (read === undefined) continue;
    numbers[key] = read.value;
    draft.healthCheck[key] = read.value;
    notes.apply(at(key), ImportNotes.detail(`HealthCheck.${key}`, read));
  }
  // AWS: "This value must be less than the Interval value" (ELB API, HealthCheck.Timeout).
  const timeout = numbers.Timeout ?? CLB_DEFAULTS.Timeout;
  const interval = numbers.Interval ?? CLB_DEFAULTS.Interval;
  if (timeout >= interval && (numbers.Timeout !== undefined || numbers.Interval !== undefined)) {
    const blamed = numbers.Timeout !== undefined ? at('Timeout') : at('Interval');
    notes.error(blamed, 'the health check Timeout must be less than the Interval', `Timeout < Interval (${interval} s)`);
  }
  notes.skipRest(path, ['Target', ...Object.keys(HEALTH_CHECK_RANGES)], () => 'not a health check setting');
}

export function readClbDraining(notes: ImportNotes, draft: ScenarioDraft, path: JsonPath): void {
  if (notes.valueAt(path) === undefined) return;
  const enabled = notes.valueAt([...path, 'Enabled']) === undefined ? undefined : notes.boolean([...path, 'Enabled'], 'draining stays off');
  const timeout = notes.valueAt([...path, 'Timeout']) === undefined ? undefined : notes.integer([...path, 'Timeout'], { min: 1, max: 3600 }, 'the CLB default 300 s applies', ' seconds');
  const draining: Record<string, unknown> = {};
  if (enabled !== undefined) {
    draining['Enabled'] = enabled.value;
    notes.apply([...path, 'Enabled'], ImportNotes.detail('LoadBalancerAttributes.ConnectionDraining.Enabled', enabled));
  }
  if (timeout !== undefined) {
    draining['Timeout'] = timeout.value;
    notes.apply([...path, 'Timeout'], ImportNotes.detail('LoadBalancerAttributes.ConnectionDraining.Timeout', timeout));
  }
  if (Object.keys(draining).length > 0) draft.attributes['ConnectionDraining'] = draining;
  notes.skipRest(path, ['Enabled', 'Timeout'], () => 'not a draining setting');
}

export function readClbIdleTimeout(notes: ImportNotes, draft: ScenarioDraft, path: JsonPath): void {
  if (notes.valueAt(path) === undefined) return;
  const idle = notes.integer([...path, 'IdleTimeout'], { min: 1, max: 4000 }, 'the CLB default 60 s applies', ' seconds');
  if (idle !== undefined) {
    draft.attributes['ConnectionSettings'] = { IdleTimeout: idle.value };
    notes.apply([...path, 'IdleTimeout'], ImportNotes.detail('LoadBalancerAttributes.ConnectionSettings.IdleTimeout', idle));
  } else if (notes.valueAt([...path, 'IdleTimeout']) === undefined) notes.error(path, 'missing IdleTimeout', '{IdleTimeout: seconds}', undefined);
  notes.skipRest(path, ['IdleTimeout'], () => 'not a connection setting lbsim models');
}

export function readClbCrossZone(notes: ImportNotes, draft: ScenarioDraft, path: JsonPath): void {
  if (notes.valueAt(path) === undefined) return;
  const enabled = notes.boolean(path, 'the CLB default (off through the API) applies');
  if (enabled === undefined) return;
  draft.attributes['CrossZoneLoadBalancing'] = { Enabled: enabled.value };
  notes.apply(path, ImportNotes.detail('LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled', enabled));
}

export function readClbZones(notes: ImportNotes, draft: ScenarioDraft, path: JsonPath): void {
  const value = notes.valueAt(path);
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    if (notes.plain(path, 'lbsim places the balancer\'s nodes in the instances\' zones') !== undefined) notes.error(path, 'not a list of zones', '["us-east-1a", ...]');
    return;
  }
  const zones: string[] = [];
  value.forEach((_, i) => {
    const zone = notes.string([...path, i], 'the zone is left out');
    if (zone !== undefined) zones.push(zone.value);
  });
  if (zones.length === 0) return;
  draft.availabilityZones = zones;
  notes.apply(path, 'AvailabilityZones');
}

/** Instances by id; a CloudFormation `!Ref WebServer` gives the logical id, a list parameter its Default ids. */
export function readClbInstances(notes: ImportNotes, draft: ScenarioDraft, path: JsonPath, idOf: (itemPath: JsonPath) => JsonPath): void {
  const value = notes.valueAt(path);
  if (value === undefined) return;
  draft.instances = [];
  if (!Array.isArray(value)) {
    const read = notes.plain(path, 'lbsim\'s default instances are used');
    if (read === undefined) return;
    // A `List<AWS::EC2::Instance::Id>` parameter's Default is one comma-separated string.
    if (typeof read.value === 'string') {
      for (const id of read.value.split(',').map((s) => s.trim()).filter((s) => s !== '')) draft.instances.push({ InstanceId: id });
      notes.apply(path, ImportNotes.detail(`Instances (${draft.instances.length})`, read));
    } else notes.error(path, 'not a list of instances', 'a list of instance ids');
    return;
  }
  value.forEach((_, i) => {
    const id = notes.string(idOf([...path, i]), 'the instance is left out');
    if (id === undefined) return;
    const instance: InstanceDraft = { InstanceId: id.value };
    draft.instances!.push(instance);
    notes.apply([...path, i], ImportNotes.detail(`Instances[${draft.instances!.length - 1}]`, id), `Instances[${i}] ${id.value}`);
    if (idOf([...path, i]).length > path.length + 1) notes.skipRest([...path, i], ['InstanceId'], () => 'not about balancing');
  });
}
