// A CloudFormation template with an `AWS::ElasticLoadBalancingV2::TargetGroup`: the group's settings,
// targets and attributes, the Listener that forwards to it (LoadBalancerPort) and that listener's
// LoadBalancer (idle timeout). Everything else in the template is noted once as not modelled.

import type { JsonPath } from '../../errors.js';
import {
  ALB_TYPE, candidateOf, LISTENER_RULE_TYPE, LISTENER_TYPE, noteOtherResources, noteResourceOptions, noteSections,
  properties, resourcesOfType, TARGET_GROUP_TYPE,
} from './cloudformation.js';
import { newDraft, type ScenarioDraft } from './draft.js';
import { readTargetGroupAttributes } from './elbv2-attributes.js';
import { readLoadBalancerAttributes } from './elbv2-load-balancer.js';
import { readTargetGroup, TARGET_GROUP_KEYS } from './elbv2-target-group.js';
import { readCloudFormationTargets } from './elbv2-targets.js';
import { referencedResource, type Template } from './intrinsics.js';
import { ImportNotes } from './notes.js';
import { pickOne } from './pick.js';

const DEFAULT_LISTENER_PORT = 80;

/** Target groups a listener's or rule's actions forward to: `TargetGroupArn` or `ForwardConfig.TargetGroups[]`. */
function forwardTargets(actions: unknown): string[] {
  if (!Array.isArray(actions)) return [];
  const found: string[] = [];
  for (const action of actions) {
    if (typeof action !== 'object' || action === null) continue;
    const a = action as Record<string, unknown>;
    const direct = referencedResource(a['TargetGroupArn']);
    if (direct !== null) found.push(direct);
    const groups = (a['ForwardConfig'] as Record<string, unknown> | undefined)?.['TargetGroups'];
    if (Array.isArray(groups)) for (const g of groups) {
      const id = referencedResource((g as Record<string, unknown> | null)?.['TargetGroupArn']);
      if (id !== null) found.push(id);
    }
  }
  return found;
}

function readName(notes: ImportNotes, id: string): string {
  const path = ['Resources', id, 'Properties', 'Name'];
  const name = notes.valueAt(path) === undefined ? undefined : notes.string(path, `the logical id "${id}" is used`);
  if (name !== undefined) notes.apply(path, ImportNotes.detail('Name, LoadBalancerName', name));
  return name?.value ?? id;
}

/** The listener's port and the load balancer it belongs to; its TLS settings are not modelled. */
function readListener(notes: ImportNotes, draft: ScenarioDraft, listenerId: string, groupId: string): string | null {
  const base: JsonPath = ['Resources', listenerId, 'Properties'];
  const at = (key: string) => [...base, key];
  notes.apply(['Resources', listenerId, 'Type'], `Listeners[0] (the listener forwarding to ${groupId})`);
  const port = notes.integer(at('Port'), { min: 1, max: 65535 }, `port ${DEFAULT_LISTENER_PORT} is used`);
  if (port !== undefined) {
    draft.listeners[0]!.LoadBalancerPort = port.value;
    notes.apply(at('Port'), ImportNotes.detail('Listeners[0].LoadBalancerPort', port));
  }
  const protocol = notes.valueAt(at('Protocol')) === undefined ? undefined : notes.string(at('Protocol'), 'HTTP is assumed');
  if (protocol?.value === 'HTTP') notes.apply(at('Protocol'), 'Listeners[0].Protocol');
  else if (protocol !== undefined) notes.skip(at('Protocol'), protocol.value === 'HTTPS' ? 'TLS termination is not modelled; simulated as HTTP' : 'only HTTP listeners are modelled');
  const actions = notes.valueAt(at('DefaultActions'));
  if (actions !== undefined) {
    const weighted = forwardTargets(actions).length > 1;
    if (weighted) notes.skip(at('DefaultActions'), 'weighted forwarding to several target groups is not modelled; this group gets all traffic');
    else notes.apply(at('DefaultActions'), `Listeners[0] (forwards to ${groupId})`);
  }
  const balancer = referencedResource(notes.valueAt(at('LoadBalancerArn')));
  if (notes.valueAt(at('LoadBalancerArn')) !== undefined) notes.apply(at('LoadBalancerArn'), `LoadBalancerAttributes (read from ${balancer ?? 'an unknown load balancer'})`);
  notes.skipRest(base, ['Port', 'Protocol', 'DefaultActions', 'LoadBalancerArn'], (key) =>
    ['Certificates', 'SslPolicy', 'AlpnPolicy', 'MutualAuthentication'].includes(key) ? 'TLS settings are not modelled' : 'not about balancing',
  );
  noteResourceOptions(notes, listenerId);
  return balancer;
}

export function readElbv2Template(notes: ImportNotes, template: Template, backend: string | undefined): ScenarioDraft | null {
  const groups = resourcesOfType(template, TARGET_GROUP_TYPE).map((id) => candidateOf(template, id, 'Name'));
  const chosen = pickOne(notes, groups, backend, `${TARGET_GROUP_TYPE} resource`, ['Resources']);
  if (chosen === null) return null;
  const id = String(chosen.path[1]);
  const base: JsonPath = ['Resources', id, 'Properties'];
  const used = new Set<string>([id]);
  const name = readName(notes, id);
  const draft = newDraft('aws-alb', name, `CloudFormation ${TARGET_GROUP_TYPE} ${id}`);
  notes.apply(['Resources', id, 'Type'], 'Profile aws-alb');
  const group = readTargetGroup(notes, draft, base);
  draft.listeners.push({ Protocol: 'HTTP', LoadBalancerPort: DEFAULT_LISTENER_PORT, InstanceProtocol: 'HTTP', InstancePort: group.trafficPort });
  readCloudFormationTargets(notes, draft, [...base, 'Targets'], group.trafficPort);
  const attributes = notes.valueAt([...base, 'TargetGroupAttributes']) === undefined ? null : [...base, 'TargetGroupAttributes'];
  readTargetGroupAttributes(notes, draft, attributes, ['Resources', id]);
  notes.skipRest(base, [...TARGET_GROUP_KEYS, 'Name', 'Targets', 'TargetGroupAttributes'], () => 'not a target group property lbsim models');
  noteResourceOptions(notes, id);

  const listeners = resourcesOfType(template, LISTENER_TYPE).filter((l) => forwardTargets(properties(template, l)['DefaultActions']).includes(id));
  const balancer = listeners.length > 0 ? readListener(notes, draft, listeners[0]!, id) : null;
  if (listeners.length > 0) used.add(listeners[0]!);
  for (const other of listeners.slice(1)) {
    used.add(other);
    notes.skip(['Resources', other], `another listener forwarding to ${id}: lbsim simulates one listener`, `${other} (${LISTENER_TYPE})`);
  }
  if (balancer !== null && resourcesOfType(template, ALB_TYPE).includes(balancer)) {
    used.add(balancer);
    readLoadBalancerAttributes(notes, draft, ['Resources', balancer, 'Properties'], ['Resources', balancer]);
    noteResourceOptions(notes, balancer);
  }
  noteOtherResources(notes, template, used, (other, type) => {
    if (type === TARGET_GROUP_TYPE) return `another target group (import it with --backend ${other})`;
    if (type === LISTENER_RULE_TYPE && forwardTargets(properties(template, other)['Actions']).includes(id)) {
      return 'listener rules (path, host, header conditions) are not modelled: all traffic goes to this target group';
    }
    return 'not about this target group';
  });
  noteSections(notes, template);
  return group.ok ? draft : null;
}
