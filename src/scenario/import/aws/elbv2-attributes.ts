// Target group attributes (`[{Key, Value}]`, values always strings): deregistration delay, algorithm,
// slow start, stickiness, cross-zone and unhealthy-state routing. Names, ranges and defaults: the
// ELBv2 API reference, TargetGroupAttribute (lb-semantics.md §2.1–2.2).

import type { JsonPath } from '../../errors.js';
import type { ScenarioDraft } from './draft.js';
import { shortForm } from './intrinsics.js';
import { ImportNotes } from './notes.js';

/** ALB's deregistration delay when the file does not set it: draining is always on (§2.2). */
export const ALB_DRAINING_DEFAULT_S = 300;
const STICKINESS_DEFAULT_S = 86_400;
/** A client population so an LB cookie has clients to stick to (validate-balancing.ts needs one). */
export const STICKY_CLIENTS = 100;

const ALGORITHMS: Record<string, string> = {
  round_robin: 'round-robin',
  least_outstanding_requests: 'least-outstanding',
  weighted_random: 'weighted-random',
};

interface Attribute {
  /** The list item, where notes point. */
  path: JsonPath;
  valuePath: JsonPath;
}

const FAIL_OPEN_COUNT = 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count';
const FAIL_OPEN_PERCENT = 'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage';

/** Why an attribute lbsim has no field for is not modelled, by its prefix. */
function whyNotModelled(key: string): string {
  if (key.startsWith('stickiness.app_cookie.')) return 'application cookie stickiness is not modelled (lbsim sticks by LB cookie)';
  if (key.startsWith('target_group_health.dns_failover.')) return 'DNS failover between zones is not modelled';
  if (key === 'load_balancing.algorithm.anomaly_mitigation') return 'anomaly mitigation is not modelled';
  if (key.startsWith('lambda.')) return 'Lambda targets are not modelled';
  if (/^(proxy_protocol_v2|preserve_client_ip|deregistration_delay\.connection_termination|target_failover|target_health_state)\b/.test(key)) {
    return 'a Network/Gateway Load Balancer attribute: not modelled';
  }
  return 'not an attribute lbsim models';
}

class AttributeReader {
  private readonly byKey = new Map<string, Attribute>();

  constructor(
    private readonly notes: ImportNotes,
    private readonly draft: ScenarioDraft,
    listPath: JsonPath,
    /** The target group itself: where the note on ALB's default draining points. */
    private readonly groupPath: JsonPath,
  ) {
    const list = notes.valueAt(listPath);
    if (list === undefined) return;
    if (!Array.isArray(list)) {
      notes.error(listPath, 'not a list of attributes', '[{Key, Value}, ...]');
      return;
    }
    list.forEach((item, i) => {
      const path = [...listPath, i];
      const key = notes.string([...path, 'Key'], 'the attribute cannot be read');
      if (key === undefined) return;
      if (this.byKey.has(key.value)) notes.error([...path, 'Key'], `attribute given twice`, 'each Key once', key.value);
      else this.byKey.set(key.value, { path, valuePath: [...path, 'Value'] });
    });
  }

  private take(key: string): Attribute | undefined {
    const found = this.byKey.get(key);
    this.byKey.delete(key);
    return found;
  }

  private apply(attribute: Attribute, detail: string): void {
    this.notes.apply(attribute.path, detail, this.directive(attribute));
  }

  private skip(attribute: Attribute, why: string): void {
    this.notes.skip(attribute.path, why, this.directive(attribute));
  }

  private directive(attribute: Attribute): string {
    const key = this.notes.valueAt([...attribute.path, 'Key']);
    return `${String(key)} = ${shortForm(this.notes.valueAt(attribute.valuePath))}`;
  }

  draining(): void {
    const attribute = this.take('deregistration_delay.timeout_seconds');
    const drainingPath = 'LoadBalancerAttributes.ConnectionDraining';
    const delay = attribute && this.notes.integer(attribute.valuePath, { min: 0, max: 3600 }, `the ALB default ${ALB_DRAINING_DEFAULT_S} s applies`, ' seconds');
    if (attribute === undefined || delay === undefined) {
      this.draft.attributes['ConnectionDraining'] = { Enabled: true, Timeout: ALB_DRAINING_DEFAULT_S };
      if (attribute === undefined) {
        const detail = `${drainingPath} {Enabled: true, Timeout: ${ALB_DRAINING_DEFAULT_S}}: ALB always drains, ${ALB_DRAINING_DEFAULT_S} s unless set`;
        this.notes.apply(this.groupPath, detail, '(deregistration_delay.timeout_seconds not set)');
      }
      return;
    }
    // A delay of 0 finishes deregistration at once: in-flight requests are cut, as with draining off.
    this.draft.attributes['ConnectionDraining'] = delay.value === 0 ? { Enabled: false } : { Enabled: true, Timeout: delay.value };
    this.apply(attribute, ImportNotes.detail(delay.value === 0 ? `${drainingPath}.Enabled false` : `${drainingPath} {Enabled, Timeout}`, delay));
  }

  algorithm(): void {
    const attribute = this.take('load_balancing.algorithm.type');
    const value = attribute && this.notes.string(attribute.valuePath, 'round robin (the ALB default) applies');
    if (attribute === undefined || value === undefined) return;
    const algorithm = ALGORITHMS[value.value];
    if (algorithm === undefined) {
      this.notes.error(attribute.valuePath, 'unknown load balancing algorithm', Object.keys(ALGORITHMS).join(', '));
      return;
    }
    if (algorithm !== 'round-robin') this.draft.balancing['Algorithm'] = algorithm;
    this.apply(attribute, ImportNotes.detail(algorithm === 'round-robin' ? 'Balancing.Algorithm (round-robin, the aws-alb default)' : 'Balancing.Algorithm', value));
  }

  slowStart(): void {
    const attribute = this.take('slow_start.duration_seconds');
    const seconds = attribute && this.notes.integer(attribute.valuePath, { min: 0, max: 900 }, 'slow start stays off', ' seconds (0 = off)');
    if (attribute === undefined || seconds === undefined) return;
    if (seconds.value === 0) {
      this.apply(attribute, ImportNotes.detail('Balancing.SlowStart (off, the default)', seconds));
      return;
    }
    if (seconds.value < 30) {
      this.notes.error(attribute.valuePath, 'out of range', '0 (off) or 30–900 seconds');
      return;
    }
    // AWS refuses slow start together with least outstanding requests.
    if (this.draft.balancing['Algorithm'] === 'least-outstanding') {
      this.notes.error(attribute.valuePath, 'slow start cannot be combined with least_outstanding_requests (AWS refuses it)', '0 with least_outstanding_requests');
      return;
    }
    this.draft.balancing['SlowStart'] = seconds.value;
    this.apply(attribute, ImportNotes.detail('Balancing.SlowStart', seconds));
  }

  stickiness(): void {
    const enabled = this.take('stickiness.enabled');
    const type = this.take('stickiness.type');
    const duration = this.take('stickiness.lb_cookie.duration_seconds');
    const on = enabled && this.notes.boolean(enabled.valuePath, 'stickiness stays off');
    const kind = type && this.notes.string(type.valuePath, 'lb_cookie is assumed');
    const seconds = duration && this.notes.integer(duration.valuePath, { min: 1, max: 604_800 }, `${STICKINESS_DEFAULT_S} s applies`, ' seconds');
    if (kind !== undefined && kind.value !== 'lb_cookie' && kind.value !== 'app_cookie') {
      this.notes.error(type!.valuePath, 'unknown stickiness type for an ALB', 'lb_cookie or app_cookie');
      return;
    }
    const sticky = on?.value === true && (kind === undefined || kind.value === 'lb_cookie');
    if (sticky) {
      this.draft.balancing['Stickiness'] = { Duration: seconds?.value ?? STICKINESS_DEFAULT_S };
      this.draft.clients = STICKY_CLIENTS;
      this.apply(enabled!, ImportNotes.detail(`Balancing.Stickiness, Traffic.Clients.Count ${STICKY_CLIENTS} (clients to stick)`, on));
      if (type !== undefined) this.apply(type, 'Balancing.Stickiness (LB cookie)');
      if (duration !== undefined && seconds !== undefined) this.apply(duration, ImportNotes.detail('Balancing.Stickiness.Duration', seconds));
      return;
    }
    const off = on?.value !== true;
    if (enabled !== undefined && on !== undefined) {
      if (off) this.apply(enabled, 'Balancing.Stickiness (off, the default)');
      else this.skip(enabled, 'application cookie stickiness is not modelled (lbsim sticks by LB cookie)');
    }
    if (type !== undefined && kind !== undefined) this.skip(type, off ? 'stickiness is off' : 'application cookie stickiness is not modelled');
    if (duration !== undefined && seconds !== undefined) this.skip(duration, off ? 'stickiness is off' : 'application cookie stickiness is not modelled');
  }

  crossZone(): void {
    const attribute = this.take('load_balancing.cross_zone.enabled');
    const value = attribute && this.notes.string(attribute.valuePath, 'the load balancer\'s setting applies');
    if (attribute === undefined || value === undefined) return;
    if (value.value === 'true' || value.value === 'false') {
      this.draft.attributes['CrossZoneLoadBalancing'] = { Enabled: value.value === 'true' };
      this.apply(attribute, ImportNotes.detail('LoadBalancerAttributes.CrossZoneLoadBalancing.Enabled', value));
    } else if (value.value === 'use_load_balancer_configuration') {
      this.apply(attribute, 'LoadBalancerAttributes.CrossZoneLoadBalancing (the load balancer\'s: on for an ALB)');
    } else this.notes.error(attribute.valuePath, 'unknown cross-zone setting', 'true, false or use_load_balancer_configuration');
  }

  /** ALB fails open below a minimum of healthy targets: a count of 1 is lbsim's FailOpen, a percentage its PanicThreshold. */
  unhealthyRouting(): void {
    const count = this.take(FAIL_OPEN_COUNT);
    const countRead = count && this.notes.integer(count.valuePath, { min: 1, max: 10_000 }, 'the ALB default 1 (fail open at zero healthy) applies');
    if (count !== undefined && countRead !== undefined) {
      if (countRead.value === 1) this.apply(count, ImportNotes.detail('Profile.FailOpen (the aws-alb default: all targets when none is healthy)', countRead));
      else this.skip(count, 'a minimum count above 1 is not modelled: lbsim fails open at zero healthy, or below a percentage');
    }
    const percent = this.take(FAIL_OPEN_PERCENT);
    const text = percent && this.notes.string(percent.valuePath, 'off (the ALB default) applies');
    if (percent === undefined || text === undefined) return;
    if (text.value === 'off') {
      this.apply(percent, 'Profile.PanicThreshold (off, the default)');
      return;
    }
    const n = /^\d+$/.test(text.value) ? Number(text.value) : NaN;
    if (!(n >= 1 && n <= 100)) {
      this.notes.error(percent.valuePath, 'out of range', 'off or an integer 1–100');
      return;
    }
    // Same rule as Envoy's panic threshold: fewer healthy than n% of the targets → route to all.
    this.draft.overrides['PanicThreshold'] = n;
    this.apply(percent, ImportNotes.detail('Profile.PanicThreshold', text));
  }

  rest(): void {
    for (const [key, attribute] of this.byKey) this.skip(attribute, whyNotModelled(key));
  }
}

/** Reads every attribute of the list at `listPath`; without a deregistration delay ALB's 300 s applies. */
export function readTargetGroupAttributes(notes: ImportNotes, draft: ScenarioDraft, listPath: JsonPath | null, groupPath: JsonPath): void {
  const reader = new AttributeReader(notes, draft, listPath ?? ['\u0000none'], groupPath);
  reader.draining();
  reader.algorithm();
  reader.slowStart();
  reader.stickiness();
  reader.crossZone();
  reader.unhealthyRouting();
  reader.rest();
}
