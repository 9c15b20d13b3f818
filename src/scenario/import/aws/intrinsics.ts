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

/** How the YAML short form writes a value, for notes and messages: `!Ref AppPort`, `{Id: !Ref Web, Port: 8080}`. */
export function shortForm(value: unknown, maxChars = 70): string {
  const text = compact(value);
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

function compact(value: unknown): string {
  if (typeof value === 'string') return /^[\w./:@-][\w ./:@-]*$/.test(value) && value.trim() === value ? value : JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (typeof value !== 'object' || value === null) return String(value);
  const name = intrinsicName(value);
  if (name === null) return `{${Object.entries(value).map(([k, v]) => `${k}: ${compact(v)}`).join(', ')}}`;
  const argument = (value as Record<string, unknown>)[name];
  const tag = name === 'Ref' || name === 'Condition' ? name : name.slice('Fn::'.length);
  if (tag === 'GetAtt' && Array.isArray(argument)) return `!GetAtt ${argument.join('.')}`;
  return `!${tag} ${compact(argument)}`;
}
