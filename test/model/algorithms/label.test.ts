// The report's one-phrase name for a balancer's routing: a plain algorithm keeps its name, and
// choices, hash keys, stickiness and slow start are spelled out when set.
import { describe, expect, it } from 'vitest';
import { algorithmLabel } from '../../../src/model/algorithms/label.js';
import type { RoutingConfig } from '../../../src/model/config.js';

const PLAIN: RoutingConfig = { choices: null, hashKey: { by: 'client' }, stickinessMs: null, slowStartMs: null };

describe('algorithmLabel', () => {
  it('names a plain algorithm as it is, so existing reports read the same', () => {
    expect(algorithmLabel('least-outstanding', PLAIN)).toBe('least-outstanding');
    expect(algorithmLabel('round-robin', PLAIN)).toBe('round-robin');
  });

  it('adds choices, the hash key, stickiness and slow start', () => {
    expect(algorithmLabel('least-outstanding', { ...PLAIN, choices: 3 })).toBe('least-outstanding (3 choices)');
    expect(algorithmLabel('maglev', { ...PLAIN, hashKey: { by: 'header', name: 'x-tenant' }, stickinessMs: 3_600_000 })).toBe('maglev by header x-tenant, sticky 1h00m');
    expect(algorithmLabel('round-robin', { ...PLAIN, slowStartMs: 30_000 })).toBe('round-robin, slow start 30s');
  });
});
