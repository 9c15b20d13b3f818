// An Application Load Balancer's own settings (CloudFormation `AWS::ElasticLoadBalancingV2::LoadBalancer`):
// only `idle_timeout.timeout_seconds` (1–4000 s, default 60) shapes what clients get; the rest is placement.

import type { JsonPath } from '../../errors.js';
import type { ScenarioDraft } from './draft.js';
import { shortForm } from './intrinsics.js';
import { ImportNotes } from './notes.js';

const IDLE_TIMEOUT_KEY = 'idle_timeout.timeout_seconds';

export function readLoadBalancerAttributes(notes: ImportNotes, draft: ScenarioDraft, base: JsonPath, resource: JsonPath): void {
  const typePath = [...resource, 'Type'];
  notes.apply(typePath, 'Listeners[0] (the load balancer of the listener)');
  const kind = notes.valueAt([...base, 'Type']);
  if (kind !== undefined) {
    if (kind === 'application') notes.apply([...base, 'Type'], 'Profile aws-alb');
    else notes.skip([...base, 'Type'], 'only Application Load Balancers are modelled (the target group is HTTP)');
  }
  const listPath = [...base, 'LoadBalancerAttributes'];
  const list = notes.valueAt(listPath);
  if (Array.isArray(list)) {
    list.forEach((item, i) => {
      const path = [...listPath, i];
      const key = (item as Record<string, unknown> | null)?.['Key'];
      const directive = `${String(key)} = ${shortForm(notes.valueAt([...path, 'Value']))}`;
      if (key !== IDLE_TIMEOUT_KEY) {
        notes.skip(path, 'not about balancing', directive);
        return;
      }
      const seconds = notes.integer([...path, 'Value'], { min: 1, max: 4000 }, 'the ALB default 60 s applies', ' seconds');
      if (seconds === undefined) return;
      draft.attributes['ConnectionSettings'] = { IdleTimeout: seconds.value };
      notes.apply(path, ImportNotes.detail('LoadBalancerAttributes.ConnectionSettings.IdleTimeout', seconds), directive);
    });
  } else if (list !== undefined) {
    const read = notes.plain(listPath, 'the ALB default idle timeout 60 s applies');
    if (read !== undefined) notes.error(listPath, 'not a list of attributes', '[{Key, Value}, ...]');
  }
  notes.skipRest(base, ['Type', 'LoadBalancerAttributes'], () => 'network placement or metadata: not about balancing');
}
