// The web app's gate, ahead of every route: the Host must name this machine on this server's port (a
// DNS-rebinding page sends its own name), and a POST must be a same-origin JSON request (a page on
// another origin may send a "simple" text/plain or form POST without a preflight). No CORS header is
// ever sent, so a browser never lets another origin read an answer.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The names a browser on this machine uses for a loopback server. */
export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

export interface GuardOptions {
  /** Host names accepted besides the loopback ones, on any port (`--allow-host`, for a proxy in front). */
  allowedHosts: readonly string[];
}

interface HostHeader {
  name: string;
  /** Null when the header names none: port 80. */
  port: number | null;
}

/** A host name as the Host header and --allow-host give it: a DNS name, an IPv4 address or a bracketed IPv6 one. */
const HOST_NAME = '(\\[[0-9a-f:.]+\\]|[a-z0-9.-]+)';

/** Whether `text` is a bare host name (no port, no scheme), as --allow-host takes it. */
export const isHostName = (text: string): boolean => new RegExp(`^${HOST_NAME}$`, 'i').test(text);

/** `name[:port]`; null for anything else. */
export function parseHostHeader(header: string | undefined): HostHeader | null {
  const match = new RegExp(`^${HOST_NAME}(?::(\\d{1,5}))?$`, 'i').exec(header ?? '');
  if (match === null) return null;
  return { name: match[1]!.toLowerCase(), port: match[2] === undefined ? null : Number(match[2]) };
}

const HTTP_DEFAULT_PORT = 80;

/** Why the Host is refused, or null. The port is checked when the connection has one (inject() has none). */
function refusedHost(host: HostHeader | null, localPort: number | undefined, options: GuardOptions): string | null {
  const allowed = `this server answers to ${[...LOOPBACK_NAMES, ...options.allowedHosts].join(', ')} only (lbsim serve --allow-host NAME adds a name)`;
  if (host === null) return `missing or malformed Host header: ${allowed}`;
  if (options.allowedHosts.some((name) => name.toLowerCase() === host.name)) return null;
  if (!LOOPBACK_NAMES.includes(host.name)) return `Host ${host.name} refused: ${allowed}`;
  if (typeof localPort === 'number' && (host.port ?? HTTP_DEFAULT_PORT) !== localPort) return `Host port ${host.port ?? HTTP_DEFAULT_PORT} refused: this server listens on ${localPort}`;
  return null;
}

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * Whether `origin` is this app's own: http with the same host and port as the (accepted) Host header,
 * or a name the user allowed, over http or https on any port (a proxy in front may terminate TLS and
 * rewrite the Host to 127.0.0.1, as nginx's proxy_pass does by default).
 */
function isOwnOrigin(origin: string, host: HostHeader, options: GuardOptions): boolean {
  try {
    const url = new URL(origin);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && options.allowedHosts.some((name) => name.toLowerCase() === url.hostname)) return true;
    return url.protocol === 'http:' && url.host === new URL(`http://${host.name}:${host.port ?? HTTP_DEFAULT_PORT}`).host;
  } catch {
    return false;
  }
}

/** Why a POST is refused, with its status, or null: another origin first (the likelier attack), then the media type. */
function refusedPost(request: FastifyRequest, host: HostHeader, options: GuardOptions): { status: number; message: string } | null {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return { status: 403, message: `refused: a ${site} request (only this app's own page may post here)` };
  const origin = request.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, host, options)) return { status: 403, message: 'refused: a request from another origin (only this app\'s own page may post here)' };
  if (mediaType(request.headers['content-type']) !== 'application/json') {
    return { status: 415, message: 'expected content-type application/json (which a page on another site cannot send without asking first)' };
  }
  return null;
}

/** Adds the gate to `app`: every request goes through it before its route runs. */
export function guardWebApp(app: FastifyInstance, options: GuardOptions): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const host = parseHostHeader(request.headers.host);
    const hostRefused = refusedHost(host, request.socket.localPort, options);
    if (hostRefused !== null) return reply.code(403).send({ error: hostRefused });
    if (request.method !== 'POST' || host === null) return undefined;
    const postRefused = refusedPost(request, host, options);
    return postRefused === null ? undefined : reply.code(postRefused.status).send({ error: postRefused.message });
  });
}
