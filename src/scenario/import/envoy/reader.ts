// The Envoy v3 reader: a bootstrap, one cluster or a list of clusters, in YAML or JSON, into a
// scenario with the `envoy` profile. Finding the cluster is locate.ts, the cluster is cluster-map.ts,
// its route and everything around it bootstrap-walk.ts.

import type { ConfigReader, DirectiveNote, ImportOutcome, ReadOptions } from '../import-types.js';
import { parseYamlSource, plainValue } from '../yaml-source.js';
import { walkAround } from './bootstrap-walk.js';
import { readCluster } from './cluster-map.js';
import { draftToScenario, emptyDraft } from './draft.js';
import { EnvoyLog } from './envoy-log.js';
import { child, chooseCluster, findRoutes, locateClusters } from './locate.js';

const ENVOY_MARKERS = /\b(static_resources|load_assignment|lb_endpoints|lb_policy|type\.googleapis\.com\/envoy\.)\b/;

const byPlace = (a: DirectiveNote, b: DirectiveNote) => a.at.line - b.at.line || a.at.column - b.at.column;

export const envoyReader: ConfigReader = {
  format: 'envoy',

  detect(text: string): boolean {
    return ENVOY_MARKERS.test(text);
  },

  read(text: string, file: string, options: ReadOptions): ImportOutcome {
    const parsed = parseYamlSource(text, file);
    if (!parsed.ok) return { ok: false, errors: parsed.errors };
    const log = new EnvoyLog(parsed.source);
    const root = parsed.source.root;
    const located = locateClusters(log, root);
    const chosen = located === null ? null : chooseCluster(log, located, options.backend);
    if (located === null || chosen === null || root === null) return { ok: false, errors: log.errors };

    const draft = emptyDraft();
    draft.clusterName = chosen.name ?? '';
    const routes = located.shape === 'bootstrap' && chosen.name !== null ? findRoutes(root, chosen.name) : [];
    draft.what = `Envoy cluster ${chosen.name ?? '(no name)'}${located.shape === 'bootstrap' ? `, bootstrap${routes.length > 0 ? ' with its route' : ''}` : ''}`;
    // Ring hash and Maglev take their key from the route, which is read first.
    const policy = plainValue(child(chosen.node, 'lb_policy'));
    const hashing = policy === 'RING_HASH' || policy === 'MAGLEV';
    const { hashKey } = located.shape === 'cluster' ? { hashKey: null } : walkAround(log, root, chosen, routes, draft, hashing);
    readCluster(log, chosen.node, draft, hashKey);
    if (log.errors.length > 0) return { ok: false, errors: [...log.errors].sort((a, b) => a.line - b.line || a.column - b.column) };

    return {
      ok: true,
      config: {
        format: 'envoy',
        scenario: draftToScenario(draft, file),
        applied: [...log.applied].sort(byPlace),
        notModelled: [...log.notModelled].sort(byPlace),
      },
    };
  },
};
