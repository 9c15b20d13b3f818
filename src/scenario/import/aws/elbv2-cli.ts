// `aws elbv2` CLI output for one target group: `describe-target-groups` (TargetGroups[]),
// `describe-target-group-attributes` (Attributes[]) and `describe-target-health`
// (TargetHealthDescriptions[]), each alone or merged into one object (`jq -s add a.json b.json c.json`).
// The attributes and target health are taken to belong to the chosen group: the CLI asks for one ARN.

import { newDraft, type ScenarioDraft } from './draft.js';
import { readTargetGroupAttributes } from './elbv2-attributes.js';
import { ALB_DEFAULTS, readTargetGroup, TARGET_GROUP_KEYS } from './elbv2-target-group.js';
import { readTargetHealth } from './elbv2-targets.js';
import { ImportNotes } from './notes.js';
import { pickOne, type Candidate } from './pick.js';

export const ELBV2_CLI_KEYS = ['TargetGroups', 'Attributes', 'TargetHealthDescriptions'] as const;
const UNNAMED = 'target-group';

function candidates(notes: ImportNotes): Candidate[] {
  const groups = notes.valueAt(['TargetGroups']);
  if (!Array.isArray(groups)) return [];
  return groups.map((group, i) => {
    const record = (group ?? {}) as Record<string, unknown>;
    const names = [record['TargetGroupName'], record['TargetGroupArn']].filter((n): n is string => typeof n === 'string');
    return { path: ['TargetGroups', i], names: names.length > 0 ? names : [`TargetGroups[${i}]`] };
  });
}

export function readElbv2Cli(notes: ImportNotes, backend: string | undefined): ScenarioDraft | null {
  const root = notes.tree.root as Record<string, unknown>;
  const parts = ELBV2_CLI_KEYS.filter((key) => root[key] !== undefined);
  let draft: ScenarioDraft;
  let trafficPort: number = ALB_DEFAULTS.port;
  let ok = true;
  let groupPath: (string | number)[] = [];
  if (root['TargetGroups'] !== undefined) {
    if (!Array.isArray(root['TargetGroups'])) {
      notes.error(['TargetGroups'], 'not a list of target groups', '[{TargetGroupName, ...}]');
      return null;
    }
    const chosen = pickOne(notes, candidates(notes), backend, 'target group', ['TargetGroups']);
    if (chosen === null) return null;
    groupPath = [...chosen.path];
    const namePath = [...groupPath, 'TargetGroupName'];
    const name = notes.valueAt(namePath) === undefined ? undefined : notes.string(namePath, `"${UNNAMED}" is used`);
    if (name !== undefined) notes.apply(namePath, 'Name, LoadBalancerName');
    draft = newDraft('aws-alb', name?.value ?? UNNAMED, `aws elbv2 ${parts.join(' + ')}`);
    const group = readTargetGroup(notes, draft, groupPath);
    ok = group.ok;
    trafficPort = group.trafficPort;
    notes.skipRest(groupPath, [...TARGET_GROUP_KEYS, 'TargetGroupName'], () => 'not a target group setting lbsim models');
    (root['TargetGroups'] as unknown[]).forEach((_, i) => {
      if (i !== groupPath[1]) notes.skip(['TargetGroups', i], 'another target group (import it with --backend NAME)', `TargetGroups[${i}]`);
    });
  } else {
    draft = newDraft('aws-alb', UNNAMED, `aws elbv2 ${parts.join(' + ')}, ALB defaults for the rest`);
  }
  draft.listeners.push({ Protocol: 'HTTP', LoadBalancerPort: 80, InstanceProtocol: 'HTTP', InstancePort: trafficPort });
  if (root['TargetHealthDescriptions'] !== undefined) readTargetHealth(notes, draft, ['TargetHealthDescriptions'], trafficPort);
  readTargetGroupAttributes(notes, draft, root['Attributes'] === undefined ? null : ['Attributes'], groupPath);
  notes.skipRest([], [...ELBV2_CLI_KEYS], (key) => (key === 'NextMarker' ? 'paging marker: not about balancing' : 'not part of the target group outputs lbsim reads'));
  return ok ? draft : null;
}
