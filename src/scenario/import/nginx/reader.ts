// The nginx reader: an nginx.conf (or a conf.d file of upstream/server blocks) → an lbsim
// scenario for one upstream with profile nginx, and a note for every directive it read.
// Wildcard includes need `listRelated` (see NginxReadOptions); relative paths follow nginx's conf prefix.

import { PROFILES } from '../../../model/profiles.js';
import type { ConfigReader, ImportOutcome, ReadOptions } from '../import-types.js';
import { mapListen } from './listen.js';
import { Notes } from './notes.js';
import { mapProxy, type MappedProxy } from './proxy-map.js';
import { notModelledReason } from './reasons.js';
import { chooseUpstream, layoutOf, type Route } from './routes.js';
import { expanded, parseTree, type Directive, type ListRelated } from './tree.js';
import { mapUpstream, type MappedPool } from './upstream-map.js';

/**
 * ReadOptions plus, optionally, a lister for wildcard includes (`include conf.d/*.conf;`): the
 * shared ReadRelated reads one named file, so a pattern needs the caller to list its matches.
 * Without it a wildcard include is a config error that says so.
 */
export type NginxReadOptions = ReadOptions & { listRelated?: ListRelated };

const NGINX = PROFILES.nginx;

/** Seconds as a number when whole, else a string in milliseconds, as scenario durations read. */
const durationOf = (ms: number): number | string => (ms % 1000 === 0 ? ms / 1000 : `${ms}ms`);

function profileOf(pool: MappedPool, proxy: MappedProxy): string | Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  const passive = NGINX.behaviour.passive;
  if (pool.maxFails !== null && pool.maxFails !== passive?.maxFails) overrides['MaxFails'] = pool.maxFails;
  if (pool.failTimeoutMs !== null && pool.failTimeoutMs !== passive?.failTimeoutMs) overrides['FailTimeout'] = durationOf(pool.failTimeoutMs);
  const defaultRetryOn = new Set(NGINX.behaviour.retryOn);
  const sameReasons = proxy.retryOn !== undefined && proxy.retryOn.length === defaultRetryOn.size && proxy.retryOn.every((r) => defaultRetryOn.has(r));
  if (proxy.retryOn !== undefined && !proxy.retry5xx && !sameReasons) overrides['RetryOn'] = proxy.retryOn;
  if (proxy.retries !== undefined) overrides['Retries'] = proxy.retries;
  if (proxy.connectTimeoutMs !== undefined && proxy.connectTimeoutMs !== NGINX.defaults.connectTimeoutMs) overrides['ConnectTimeout'] = durationOf(proxy.connectTimeoutMs);
  return Object.keys(overrides).length === 0 ? 'nginx' : { Base: 'nginx', ...overrides };
}

interface Walk {
  notes: Notes;
  handled: Set<Directive>;
  /** Containers on the way to the upstream and the chosen location, with what they hold. */
  onPath: Map<Directive, string>;
  upstreamName: string;
}

/** Notes every directive the mappers did not: containers on the path are walked, other blocks noted whole. */
function noteRest(list: readonly Directive[], walk: Walk): void {
  for (const d of list) {
    if (walk.handled.has(d)) continue;
    if (d.name === 'include' && d.included !== undefined) {
      const files = d.includedFiles ?? [];
      walk.notes.apply(d, files.length === 0 ? 'matched no file (nginx allows that for a pattern)' : `read ${files.join(', ')}: its directives are noted one by one`);
      noteRest(d.included, walk);
      continue;
    }
    const onPath = walk.onPath.get(d);
    if (onPath !== undefined) {
      walk.notes.apply(d, onPath);
      noteRest(d.block ?? [], walk);
    } else if (d.block !== null) walk.notes.skipBlock(d, blockReason(d, walk.upstreamName));
    else walk.notes.skip(d, notModelledReason(d.name));
  }
}

function blockReason(d: Directive, upstream: string): string {
  if (d.name === 'upstream') return `another upstream (this scenario is for "${upstream}")`;
  if (d.name === 'server') return `a server block that does not proxy to "${upstream}"`;
  if (d.name === 'location') return `a location that does not proxy to "${upstream}"`;
  return notModelledReason(d.name);
}

function read(text: string, file: string, options: NginxReadOptions): ImportOutcome {
  const tree = parseTree(text, file, { readRelated: options.readRelated, mainFile: file, ...(options.listRelated === undefined ? {} : { listRelated: options.listRelated }) });
  if (!tree.ok) return { ok: false, errors: tree.errors };
  const layout = layoutOf(tree.directives);
  const choice = chooseUpstream(layout, options.backend, file);
  if (!choice.ok) return { ok: false, errors: [choice.error] };
  const { upstream, route } = choice;
  const name = upstream.args[0]?.text ?? '';
  const notes = new Notes();
  const handled = new Set<Directive>([upstream]);

  const pool = mapUpstream(upstream, notes, handled);
  notes.apply(upstream, `Name, LoadBalancerName "${name}"; its servers are Instances`);
  const server = route?.server ?? null;
  const levels = [layout.context, ...(route === null ? [] : [expanded(route.server.block!), ...route.locations.map((l) => expanded(l.block!))])];
  const proxy = mapProxy(levels, notes, handled);
  const port = mapListen(server === null ? [] : expanded(server.block!).filter((d) => d.name === 'listen'), notes, handled);
  if (route !== null) {
    handled.add(route.proxyPass);
    notes.apply(route.proxyPass, `the location that proxies to "${name}": its proxy settings are the scenario's`);
  }
  noteRest(tree.directives, { notes, handled, onPath: pathOf(layout.http, route, name), upstreamName: name });
  if (notes.errors.length > 0) return { ok: false, errors: notes.errors };

  const idle = proxy.readTimeoutMs !== undefined && proxy.readTimeoutMs !== NGINX.defaults.responseTimeoutMs ? proxy.readTimeoutMs : undefined;
  const balancing: Record<string, unknown> = { ...pool.balancing };
  if (proxy.retry5xx) balancing['RetryOn'] = [...(proxy.retryOn ?? []), '5xx'];
  const scenario: Record<string, unknown> = {
    Name: name,
    Description: `Imported from ${file} (nginx upstream "${name}"${route === null ? ', which no proxy_pass uses: proxy settings are nginx\'s defaults' : ''})`,
    Duration: '10m',
    Seed: 1,
    Profile: profileOf(pool, proxy),
    LoadBalancerName: name,
    Listeners: [{ Protocol: 'HTTP', LoadBalancerPort: port, InstanceProtocol: 'HTTP', InstancePort: pool.instancePort }],
    ...(idle === undefined ? {} : { LoadBalancerAttributes: { ConnectionSettings: { IdleTimeout: durationOf(idle) } } }),
    Balancing: balancing,
    Instances: pool.instances,
    Traffic: { Rate: 10, Arrival: 'poisson' },
  };
  return { ok: true, config: { format: 'nginx', scenario, applied: notes.applied, notModelled: notes.notModelled } };
}

function pathOf(http: Directive | null, route: Route | null, name: string): Map<Directive, string> {
  const path = new Map<Directive, string>();
  if (http !== null) path.set(http, `the http context holding upstream "${name}"`);
  if (route !== null) {
    path.set(route.server, `the server that proxies to "${name}": its listen is the scenario's listener`);
    route.locations.forEach((location, i) => {
      const last = i === route.locations.length - 1;
      path.set(location, last ? `the location that proxies to "${name}"` : `encloses the location that proxies to "${name}": its proxy settings are inherited`);
    });
  }
  return path;
}

/** An `upstream NAME {`, an `http {` or a `proxy_pass` at the start of a line, outside comments. */
const LOOKS_LIKE_NGINX = /^[ \t]*(upstream[ \t]+[^\s{]+[ \t]*\{|http[ \t]*\{|proxy_pass[ \t]+\S+;)/m;

export const nginxReader: ConfigReader & { read(text: string, file: string, options: NginxReadOptions): ImportOutcome } = {
  format: 'nginx',
  detect: (text) => LOOKS_LIKE_NGINX.test(text),
  read,
};
