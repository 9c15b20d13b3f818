// The JSON Schema of scenario files (scenarios/schema.json), generated from the zod schema that
// validation uses, then completed where zod's export cannot see: value checks, name-or-object unions.

import { z } from 'zod';
import { PROFILE_NAMES } from '../model/outcome.js';
import { KEY_NOTES } from './json-schema-notes.js';
import { HASH_KEY_NAMES, hashKeyObject } from './schema-balancing.js';
import { profileObject } from './schema-profile.js';
import { scenarioSchema } from './schema.js';

type JsonSchema = Record<string, unknown>;

const exportOptions = { io: 'input', unrepresentable: 'throw', target: 'draft-2020-12' } as const;

/** The schema as a plain object; `JSON.stringify(…, null, 2)` of it is the committed file. */
export function scenarioJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(scenarioSchema, exportOptions) as JsonSchema;
  const schema: JsonSchema = {
    $schema: generated['$schema'],
    title: 'lbsim scenario',
    description: 'A load balancer, its instances, traffic and a timeline of faults, simulated by lbsim. Generated from the validator: run `npm run schema` after changing it.',
    ...withoutKey(generated, '$schema'),
  };
  const properties = schema['properties'] as Record<string, JsonSchema>;
  properties['Profile'] = nameOrObject(properties['Profile'], PROFILE_NAMES, profileObject);
  const balancing = properties['Balancing']?.['properties'] as Record<string, JsonSchema> | undefined;
  if (balancing?.['HashKey'] !== undefined) balancing['HashKey'] = nameOrObject(balancing['HashKey'], HASH_KEY_NAMES, hashKeyObject);
  const expectation = (properties['Expect']?.['items'] ?? {}) as JsonSchema;
  // Validation asks for at least one bound (validate.ts, expectRule).
  expectation['anyOf'] = ['Min', 'Max', 'Equals'].map((key) => ({ required: [key] }));
  annotate(schema, '');
  const instanceProperties = (properties['Instances']?.['items'] as JsonSchema | undefined)?.['properties'] as Record<string, JsonSchema> | undefined;
  const serviceTime = instanceProperties?.['ServiceTime'];
  // "FromLog" is expanded to {"FromLog": true} before validation (schema-replay.ts): zod sees only the object.
  if (instanceProperties !== undefined && serviceTime !== undefined) {
    const { description, ...objectForm } = serviceTime;
    instanceProperties['ServiceTime'] = { description, anyOf: [{ type: 'string', const: 'FromLog' }, objectForm] };
  }
  return schema;
}

/** A string from a closed list, or the object form with its own keys: zod sees only string | record. */
function nameOrObject(generated: JsonSchema | undefined, names: readonly string[], objectForm: z.ZodType): JsonSchema {
  const description = generated?.['description'];
  const object = withoutKey(z.toJSONSchema(objectForm, exportOptions) as JsonSchema, '$schema');
  return { ...(typeof description === 'string' ? { description } : {}), anyOf: [{ type: 'string', enum: [...names] }, object] };
}

/** Puts each key's meaning before the range or values zod already gave as its description. */
function annotate(node: JsonSchema, path: string): void {
  const note = KEY_NOTES[path];
  const expected = node['description'];
  if (note !== undefined) node['description'] = typeof expected === 'string' && path !== '' ? `${note}. Expected: ${expected}` : note;
  const properties = node['properties'];
  if (isRecord(properties)) {
    for (const [key, child] of Object.entries(properties)) if (isRecord(child)) annotate(child, path === '' ? key : `${path}.${key}`);
  }
  if (isRecord(node['items'])) annotate(node['items'], `${path}[]`);
}

/** Every dotted path the schema has, for the test that keeps KEY_NOTES honest. */
export function schemaPaths(node: JsonSchema = scenarioJsonSchema(), path = ''): string[] {
  const paths: string[] = [];
  const properties = node['properties'];
  if (isRecord(properties)) {
    for (const [key, child] of Object.entries(properties)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      paths.push(childPath);
      if (isRecord(child)) paths.push(...schemaPaths(child, childPath));
    }
  }
  if (isRecord(node['items'])) paths.push(...schemaPaths(node['items'], `${path}[]`));
  return paths;
}

function withoutKey(object: JsonSchema, key: string): JsonSchema {
  return Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
}

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
