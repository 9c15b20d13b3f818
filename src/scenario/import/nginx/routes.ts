// Where the upstreams are and which location proxies to each: the http context (or a conf.d
// file's top level), its `upstream` blocks, and every `location` whose proxy_pass names one.

import type { ConfigError } from '../import-types.js';
import { expanded, type Directive } from './tree.js';

export interface Route {
  server: Directive;
  /** The enclosing locations from the outside in; the last one holds the proxy_pass. */
  locations: Directive[];
  proxyPass: Directive;
  /** The host part of `proxy_pass http://NAME…`, which nginx matches against upstream names. */
  target: string;
}

export interface Layout {
  /** The `http` block, or null for a file that holds upstream/server blocks at its top. */
  http: Directive | null;
  /** The http context's directives with includes expanded. */
  context: Directive[];
  upstreams: Directive[];
  routes: Route[];
}

export function layoutOf(top: readonly Directive[]): Layout {
  const http = expanded(top).find((d) => d.name === 'http' && d.block !== null) ?? null;
  const context = http === null ? expanded(top) : expanded(http.block!);
  const upstreams = context.filter((d) => d.name === 'upstream' && d.block !== null);
  const routes: Route[] = [];
  for (const server of context.filter((d) => d.name === 'server' && d.block !== null)) {
    collectRoutes(server, [], expanded(server.block!), routes);
  }
  return { http, context, upstreams, routes };
}

function collectRoutes(server: Directive, chain: Directive[], body: readonly Directive[], routes: Route[]): void {
  for (const d of body) {
    if (d.name !== 'location' || d.block === null) continue;
    const inside = expanded(d.block);
    const proxyPass = inside.find((x) => x.name === 'proxy_pass');
    const target = proxyPass === undefined ? null : targetOf(proxyPass.args[0]?.text ?? '');
    if (proxyPass !== undefined && target !== null) routes.push({ server, locations: [...chain, d], proxyPass, target });
    collectRoutes(server, [...chain, d], inside, routes);
  }
}

/** `http://backend/api/` → "backend"; a URL with variables cannot be followed. */
export function targetOf(url: string): string | null {
  const match = /^https?:\/\/([^/:$]+)(?::\d+)?(?:\/.*)?$/.exec(url);
  return match === null ? null : match[1]!;
}

export type Choice = { ok: true; upstream: Directive; route: Route | null } | { ok: false; error: ConfigError };

/** `--backend NAME`, else the one upstream a proxy_pass uses, else the only upstream. */
export function chooseUpstream(layout: Layout, backend: string | undefined, file: string): Choice {
  const names = layout.upstreams.map((u) => u.args[0]?.text ?? '');
  const listed = names.map((n) => `"${n}"`).join(', ');
  const at = { file, line: 1, column: 1 };
  const pick = (upstream: Directive): Choice => ({ ok: true, upstream, route: layout.routes.find((r) => r.target === upstream.args[0]?.text) ?? null });
  if (layout.upstreams.length === 0) {
    return { ok: false, error: { ...at, path: 'upstream', message: 'no upstream block found', expected: 'an "upstream NAME { server …; }" block' } };
  }
  if (backend !== undefined) {
    const index = names.indexOf(backend);
    if (index >= 0) return pick(layout.upstreams[index]!);
    return { ok: false, error: { ...at, path: 'upstream', message: `unknown upstream "${backend}"`, expected: `one of ${listed}`, actual: backend } };
  }
  const used = [...new Set(layout.routes.map((r) => r.target).filter((t) => names.includes(t)))];
  if (used.length === 1) return pick(layout.upstreams[names.indexOf(used[0]!)]!);
  if (layout.upstreams.length === 1) return pick(layout.upstreams[0]!);
  const which = used.length > 1 ? `proxy_pass uses ${used.length} upstreams` : `${names.length} upstreams and no proxy_pass names one`;
  return { ok: false, error: { ...at, path: 'upstream', message: `${which}: choose one with --backend`, expected: `one of ${(used.length > 1 ? used : names).map((n) => `"${n}"`).join(', ')}` } };
}
