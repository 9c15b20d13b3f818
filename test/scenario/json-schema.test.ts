// scenarios/schema.json: generated from the validator's zod schema (npm run schema), kept equal to
// what the code generates, accepting every lesson, and refusing what validation refuses where it can.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../src/cli/commands/schema-command.js';
import { KEY_NOTES } from '../../src/scenario/json-schema-notes.js';
import { scenarioJsonSchema, schemaPaths } from '../../src/scenario/json-schema.js';
import { parseScenarioText } from '../../src/scenario/load.js';

const scenariosDir = join(import.meta.dirname, '..', '..', 'scenarios');
const lessonNames = readdirSync(scenariosDir).filter((name) => name.endsWith('.json') && name !== 'schema.json').sort();
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(scenarioJsonSchema());
const base = JSON.parse(readFileSync(join(scenariosDir, 'seed-elb-health-check.json'), 'utf8')) as Record<string, unknown>;

describe('scenarios/schema.json', () => {
  it('is what the validator generates (run `npm run schema` after changing the scenario schema)', () => {
    expect(readFileSync(join(scenariosDir, 'schema.json'), 'utf8')).toBe(schemaText());
  });

  it('describes only keys the schema has', () => {
    const paths = new Set(schemaPaths());
    expect(Object.keys(KEY_NOTES).filter((path) => !paths.has(path))).toEqual([]);
  });

  it('gives editors enums and ranges for the refined types', () => {
    const schema = scenarioJsonSchema() as { properties: Record<string, { anyOf?: Array<{ enum?: string[] }>; properties?: Record<string, Record<string, unknown>> }> };
    expect(schema.properties['Profile']!.anyOf![0]!.enum).toContain('aws-clb');
    expect(schema.properties['HealthCheck']!.properties!['UnhealthyThreshold']).toMatchObject({ type: 'integer', minimum: 1 });
    expect(String(schema.properties['HealthCheck']!.properties!['Interval']!['description'])).toContain('5–300 seconds');
  });

  it.each(lessonNames)('accepts %s', (name) => {
    const lesson = JSON.parse(readFileSync(join(scenariosDir, name), 'utf8')) as unknown;
    expect(validate(lesson) ? [] : validate.errors).toEqual([]);
  });

  it('refuses what validation refuses: unknown keys, wrong enums, out-of-range integers, an Expect without a bound', () => {
    const cases: Array<Record<string, unknown>> = [
      { ...base, HealthCheck: { Intervall: 30 } },
      { ...base, Profile: 'aws-elb' },
      { ...base, HealthCheck: { UnhealthyThreshold: 0 } },
      { ...base, Expect: [{ Metric: 'gatewayErrors.total' }] },
      { ...base, Balancing: { Algorithm: 'fastest' } },
    ];
    for (const document of cases) {
      expect(validate(document)).toBe(false);
      expect(parseScenarioText(JSON.stringify(document), 'x.json').ok).toBe(false);
    }
  });

  it('lets a scenario name its schema', () => {
    const document = { $schema: './schema.json', ...base };
    expect(validate(document)).toBe(true);
    expect(parseScenarioText(JSON.stringify(document), 'x.json').ok).toBe(true);
  });
});
