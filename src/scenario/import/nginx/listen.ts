// The chosen server block's `listen` as the scenario's LoadBalancerPort: the first listen is
// used (lbsim models one listener), the others are noted; nginx listens on 80 when none is given.

import type { Notes } from './notes.js';
import type { Directive } from './tree.js';

export const DEFAULT_LISTEN_PORT = 80;

/** `80`, `*:8080`, `127.0.0.1:8080`, `[::]:80`, `localhost` → the port; null for a unix socket. */
function portOf(text: string): number | null | 'invalid' {
  if (text.startsWith('unix:')) return null;
  if (/^\d+$/.test(text)) return checked(Number(text));
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(text);
  if (match === null) return 'invalid';
  return match[2] === undefined ? DEFAULT_LISTEN_PORT : checked(Number(match[2]));
}

const checked = (port: number): number | 'invalid' => (port >= 1 && port <= 65535 ? port : 'invalid');

const NOT_MODELLED_FLAGS: Record<string, string> = {
  ssl: 'TLS',
  http2: 'HTTP/2',
  quic: 'QUIC',
  proxy_protocol: 'the PROXY protocol',
};

export function mapListen(listens: readonly Directive[], notes: Notes, handled: Set<Directive>): number {
  let port: number | null = null;
  for (const d of listens) {
    handled.add(d);
    if (port !== null) {
      notes.skip(d, `another listening address; lbsim models one listener (port ${port})`);
      continue;
    }
    const address = d.args[0];
    if (address === undefined) {
      notes.error(d, null, 'listen needs an address or port', 'a port such as 80, or address:port', 'nothing');
      continue;
    }
    const found = portOf(address.text);
    if (found === 'invalid') {
      notes.error(d, address, 'invalid listen address', 'a port 1–65535, address:port or [ipv6]:port', address.text);
      continue;
    }
    port = found ?? DEFAULT_LISTEN_PORT;
    const flags = d.args.slice(1).map((a) => NOT_MODELLED_FLAGS[a.text]).filter((f): f is string => f !== undefined);
    const caveats = [found === null ? `a unix socket: lbsim gives the listener port ${DEFAULT_LISTEN_PORT}` : '', flags.length > 0 ? `${flags.join(', ')} not modelled` : ''];
    notes.apply(d, ['Listeners[0].LoadBalancerPort', ...caveats.filter((c) => c !== '')].join('; '));
  }
  return port ?? DEFAULT_LISTEN_PORT;
}
