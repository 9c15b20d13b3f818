// The listening side: the `bind` port of the chosen `listen` section or of the frontends that route to
// the chosen backend (`default_backend`, `use_backend`), with a note for every line of those frontends.

import { Notebook, wordSpot } from './notebook.js';
import { keywordReason, optionReason, timeoutReason } from './reasons.js';
import type { Section } from './sections.js';
import type { ConfigLine } from './tokenize.js';

/** The first port of a bind address list: `*:80`, `:8080,:8081`, `ipv4@0.0.0.0:80`, `[::]:443`, `*:8000-8010`. */
export function bindPort(line: ConfigLine): number | null {
  const first = line.words[1]?.text.split(',')[0] ?? '';
  const match = /:(\d+)(?:-\d+)?$/.exec(first);
  const port = match === null ? NaN : Number(match[1]);
  return port >= 1 && port <= 65535 ? port : null;
}

/** Notes one `bind` line; returns its port when it is the one the listener takes. */
export function noteBind(line: ConfigLine, taken: boolean, notes: Notebook): number | null {
  const port = bindPort(line);
  if (port === null) {
    notes.skipLine(line, 'no TCP port in this address: not a listener lbsim can have');
    return null;
  }
  if (!taken) {
    notes.skipLine(line, 'another listening address: lbsim has one listener');
    return null;
  }
  notes.applyLine(line, 'Listeners[0].LoadBalancerPort');
  const options = line.words[2];
  if (options !== undefined) {
    const text = line.words.slice(2).map((w) => w.text).join(' ');
    const tls = line.words.some((w) => w.text === 'ssl') ? 'TLS termination and ' : '';
    notes.skip(wordSpot(line, options), text, `${tls}bind options not modelled: lbsim listens in plain HTTP`);
  }
  return port;
}

/** Whether a frontend sends requests to the backend, by default or by a rule. */
export function routesTo(frontend: Section, backend: string): boolean {
  return frontend.body.some((line) => {
    const [keyword, target] = line.words;
    return (keyword!.text === 'default_backend' || keyword!.text === 'use_backend') && target?.text === backend;
  });
}

/** Notes every line of a frontend that routes to the backend; returns the first bind's port if `wantPort`. */
export function noteFrontend(frontend: Section, backend: string, wantPort: boolean, notes: Notebook): number | null {
  notes.applyLine(frontend.header, `routes requests to backend ${backend}`);
  let port: number | null = null;
  for (const line of frontend.body) {
    const [keyword, second] = line.words;
    const kw = keyword!.text;
    if (kw === 'bind') {
      const taken = noteBind(line, wantPort && port === null, notes);
      port ??= taken;
    } else if (kw === 'default_backend' || kw === 'use_backend') {
      if (second?.text !== backend) notes.skipLine(line, 'routes to another backend: not imported');
      else if (kw === 'use_backend' && line.words.length > 2) notes.applyLine(line, 'routes here; its condition is not modelled: every request comes here');
      else notes.applyLine(line, 'routes here');
    } else if (kw === 'timeout') notes.skipLine(line, timeoutReason(second?.text ?? ''));
    else if (kw === 'option' || kw === 'no') notes.skipLine(line, optionReason(line.words[kw === 'no' ? 2 : 1]?.text ?? ''));
    else if (kw === 'mode') notes.skipLine(line, 'the frontend\'s mode: the backend\'s mode decides the import');
    else notes.skipLine(line, keywordReason(kw));
  }
  return port;
}
