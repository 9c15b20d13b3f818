// The backend's servers as lbsim instances: backups left out, `disabled` and weight 0 not registered,
// weights where they differ, and the health settings of the first checked server (lbsim has one set).

import type { AlgorithmName } from '../../../model/config.js';
import { Notebook, paramText, wordSpot } from './notebook.js';
import { ServerValues } from './server-values.js';
import { serverParamReason, type Param, type ServerSpec } from './servers.js';
import { scenarioDuration, shownMs } from './values.js';

export interface ServerPool {
  imported: ServerSpec[];
  backups: ServerSpec[];
  weightsDiffer: boolean;
  /** Whether any imported server has `check`; some-but-not-all is noted per server. */
  activeChecks: boolean;
  /** The server whose check settings lbsim takes: the first with `check`, else the first. */
  reference: ServerSpec | null;
  values: ServerValues;
}

const HAPROXY_DEFAULT_WEIGHT = 1;

/** Sorts servers into pool and backups and reads every value (errors for all of them). */
export function readPool(servers: readonly ServerSpec[], notes: Notebook): ServerPool {
  const values = new ServerValues(notes);
  servers.forEach((s) => values.checkAll(s));
  const imported = servers.filter((s) => !s.params.has('backup'));
  const backups = servers.filter((s) => s.params.has('backup'));
  const weights = new Set(imported.map((s) => values.of(s, 'weight') ?? HAPROXY_DEFAULT_WEIGHT).filter((w) => w > 0));
  const checked = imported.filter((s) => s.params.has('check'));
  return { imported, backups, weightsDiffer: weights.size > 1, activeChecks: checked.length > 0, reference: checked[0] ?? imported[0] ?? null, values };
}

/** Per-server settings that are one value for the whole pool in lbsim, and the field each sets. */
const POOL_WIDE: Record<string, string> = {
  inter: 'HealthCheck.Interval',
  fastinter: 'Profile.FastInterval',
  downinter: 'Profile.DownInterval',
  rise: 'HealthCheck.HealthyThreshold',
  fall: 'HealthCheck.UnhealthyThreshold',
  port: 'HealthCheck.Target (check port)',
  slowstart: 'Balancing.SlowStart',
};
const CHECK_PARAMS = ['inter', 'fastinter', 'downinter', 'rise', 'fall', 'port'];

export interface PoolSettings {
  instances: Array<Record<string, unknown>>;
  slowStart: number | string | null;
  health: { interMs?: number; fastinterMs?: number; downinterMs?: number; rise?: number; fall?: number; checkPort?: number };
}

function slowStartProblem(pool: ServerPool, algorithm: AlgorithmName): string | null {
  const ms = pool.reference === null ? undefined : pool.values.of(pool.reference, 'slowstart');
  if (algorithm === 'least-outstanding' || algorithm === 'power-of-two-choices' || algorithm === 'consistent-hash' || algorithm === 'maglev') {
    return `lbsim's slow start works with round-robin and random, not ${algorithm}`;
  }
  // The haproxy profile takes any slow start > 0 (profile-ranges.ts); `slowstart 0` is HAProxy's "off".
  if (ms === 0) return 'slowstart 0 turns slow start off';
  return null;
}

/** Notes one parameter of an imported server. */
function noteParam(param: Param, server: ServerSpec, index: number, pool: ServerPool, slowStartProblemText: string | null, notes: Notebook): void {
  const keyword = param.keyword.text;
  const spot = wordSpot(param.line, param.keyword);
  const text = paramText(param.keyword, param.value);
  const ref = pool.reference!;
  if (keyword in POOL_WIDE) {
    const checkParam = CHECK_PARAMS.includes(keyword);
    if (checkParam && !pool.activeChecks) return notes.skip(spot, text, 'no server has check: HAProxy runs no health checks');
    if (checkParam && !server.params.has('check')) return notes.skip(spot, text, 'this server has no check: HAProxy never checks it');
    if (keyword === 'slowstart' && slowStartProblemText !== null) return notes.skip(spot, text, slowStartProblemText);
    const mine = pool.values.of(server, keyword);
    const theirs = pool.values.of(ref, keyword);
    if (server === ref) return notes.apply(spot, text, POOL_WIDE[keyword]!);
    if (mine === theirs) return notes.apply(spot, text, `${POOL_WIDE[keyword]} (the same as ${ref.name})`);
    const refText = theirs === undefined ? 'the default' : pool.values.text(ref, keyword);
    return notes.skip(spot, text, `differs from ${ref.name}'s ${refText}: lbsim has one value for every server and takes ${ref.name}'s`);
  }
  if (keyword === 'check') return notes.apply(spot, text, 'HealthCheck (active checks)');
  if (keyword === 'weight') {
    const weight = pool.values.of(server, 'weight');
    if (weight === 0) return notes.apply(spot, text, `Instances[${index}].Registered false (weight 0 takes no new traffic)`);
    return notes.apply(spot, text, pool.weightsDiffer ? `Instances[${index}].Weight` : 'the same weight for every server: no Weight needed');
  }
  if (keyword === 'disabled') return notes.apply(spot, text, `Instances[${index}].Registered false`);
  if (keyword === 'enabled' || keyword === 'no-backup' || keyword === 'no-check') return notes.apply(spot, text, 'no effect: the default');
  notes.skip(spot, text, serverParamReason(keyword));
}

/** Instances and pool-wide settings; notes every server line and parameter. */
export function mapPool(pool: ServerPool, algorithm: AlgorithmName, instancePort: number, notes: Notebook): PoolSettings {
  const { imported, values } = pool;
  const slowProblem = slowStartProblem(pool, algorithm);
  const instances = imported.map((server, index) => {
    const weight = values.of(server, 'weight') ?? HAPROXY_DEFAULT_WEIGHT;
    const registered = !server.params.has('disabled') && weight > 0;
    notes.applyLine(server.line, server.line.words[0]!.text === 'server-template' ? `Instances (${server.name} and the rest of the template)` : `Instances[${index}]`);
    if (pool.activeChecks && !server.params.has('check')) {
      notes.skip(wordSpot(server.line, server.line.words[1]!), `server ${server.name} (no "check")`, 'never checked by HAProxy (always available); lbsim checks every server or none');
    }
    if (server.portNote !== null) notes.skip(wordSpot(server.line, server.address), server.address.text, server.portNote);
    else if ((server.port ?? instancePort) !== instancePort) {
      notes.skip(wordSpot(server.line, server.address), server.address.text, `port ${server.port} differs from the first server's ${instancePort}: lbsim has one InstancePort`);
    }
    for (const param of server.params.values()) noteParam(param, server, index, pool, slowProblem, notes);
    return {
      InstanceId: server.name,
      ...(pool.weightsDiffer && weight > 0 ? { Weight: weight } : {}),
      ...(registered ? {} : { Registered: false }),
    };
  });
  for (const backup of pool.backups) notes.skipLine(backup.line, 'backup server: lbsim has no backup pool; left out');

  const ref = pool.reference;
  const health: PoolSettings['health'] = {};
  if (ref !== null && pool.activeChecks) {
    const set = <K extends keyof PoolSettings['health']>(key: K, keyword: string) => {
      const value = values.of(ref, keyword);
      if (value !== undefined) health[key] = value;
    };
    set('interMs', 'inter');
    set('fastinterMs', 'fastinter');
    set('downinterMs', 'downinter');
    set('rise', 'rise');
    set('fall', 'fall');
    set('checkPort', 'port');
  }
  const slowMs = ref === null ? undefined : values.of(ref, 'slowstart');
  const slowStart = slowMs === undefined || slowMs === 0 || slowProblem !== null ? null : scenarioDuration(slowMs);
  return { instances, slowStart, health };
}
