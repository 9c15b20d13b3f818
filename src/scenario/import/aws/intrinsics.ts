// CloudFormation intrinsic functions as far as a reader can evaluate them without deploying:
// `Ref` to a parameter with a Default gives the Default, `Ref` to a resource gives its logical id;
// anything else (Fn::Sub, Fn::If, pseudo parameters...) is left for the caller to note as not modelled.

export interface Template {
  Parameters?: Record<string, unknown>;
  Resources: Record<string, unknown>;
}

export type Resolution = { kind: 'value'; value: unknown; via?: string } | { kind: 'unresolved'; why: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"Ref": "X"}` or `{"Fn::Sub": ...}`: an object with exactly one key naming an intrinsic. */
export function intrinsicName(value: unknown): string | null {
  if (!isRecord(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const key = keys[0]!;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::') ? key : null;
}

export function resolveIntrinsic(value: unknown, template: Template | null): Resolution {
  const name = intrinsicName(value);
  if (name === null) return { kind: 'value', value };
  const argument = (value as Record<string, unknown>)[name];
  if (name === 'Ref' && typeof argument === 'string' && template !== null) {
    const parameter = template.Parameters?.[argument];
    if (isRecord(parameter)) {
      if (Object.hasOwn(parameter, 'Default')) return { kind: 'value', value: parameter['Default'], via: `parameter ${argument}'s Default` };
      return { kind: 'unresolved', why: `parameter ${argument} has no Default, so its value is known only at deploy time` };
    }
    if (Object.hasOwn(template.Resources, argument)) return { kind: 'value', value: argument, via: `resource ${argument}` };
  }
  if (name === 'Ref') return { kind: 'unresolved', why: `Ref ${String(argument)} is known only at deploy time` };
  return { kind: 'unresolved', why: `${name} is evaluated by CloudFormation at deploy time` };
}

/** The logical id a `Ref` or `Fn::GetAtt` points at (a listener's TargetGroupArn), else null. */
export function referencedResource(value: unknown): string | null {
  const name = intrinsicName(value);
  if (name === null) return null;
  const argument = (value as Record<string, unknown>)[name];
  if (name === 'Ref' && typeof argument === 'string') return argument;
  if (name === 'Fn::GetAtt' && Array.isArray(argument) && typeof argument[0] === 'string') return argument[0];
  return null;
}

/** How the YAML short form writes an intrinsic, for messages: `!Ref AppPort`, `!Sub ...`. */
export function shortForm(value: unknown): string {
  const name = intrinsicName(value);
  const text = (v: unknown) => JSON.stringify(v) ?? String(v);
  if (name === null) {
    const whole = text(value);
    return whole.length <= 60 ? whole : `${whole.slice(0, 59)}…`;
  }
  const argument = (value as Record<string, unknown>)[name];
  const tag = name === 'Ref' || name === 'Condition' ? name : name.slice('Fn::'.length);
  if (tag === 'GetAtt' && Array.isArray(argument)) return `!GetAtt ${argument.join('.')}`;
  const shown = typeof argument === 'string' ? argument : text(argument);
  return `!${tag} ${shown.length <= 50 ? shown : `${shown.slice(0, 49)}…`}`;
}
