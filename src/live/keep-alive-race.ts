// The keep-alive race on loopback, where an instance's close reaches the balancer in microseconds:
// the instance's close of an idle connection lands OneWayDelay late, and a request sent on the
// connection meanwhile is reset, as on a real network. The window is the model's (connection-pool.ts).

import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * Node closes an idle connection on a millisecond timer that may fire up to a millisecond early: the
 * socket really closes this much real time after the race window ends, so the window is never cut short.
 * A request in between is served on it, as the model serves it on a new connection.
 */
const CLOSE_AFTER_WINDOW_REAL_MS = 2;

export class KeepAliveRace {
  /** When each connection's last answer was written (real ms): its idle time starts there. */
  private readonly idleSince = new WeakMap<Socket, number>();

  /** Times in scenario ms; `oneWayDelayMs` 0 leaves the server's own keep-alive timeout, with no race window. */
  constructor(
    server: Server,
    private readonly keepAliveTimeoutMs: number,
    private readonly oneWayDelayMs: number,
    private readonly speed: number,
  ) {
    if (oneWayDelayMs <= 0) {
      server.keepAliveTimeout = keepAliveTimeoutMs / speed;
      return;
    }
    server.keepAliveTimeout = (keepAliveTimeoutMs + oneWayDelayMs) / speed + CLOSE_AFTER_WINDOW_REAL_MS;
    server.on('request', (request, response) => response.once('finish', () => this.idleSince.set(request.socket, performance.now())));
  }

  /**
   * The instance closed this connection (idle KeepAliveTimeout) but the close has not reached the balancer
   * yet (OneWayDelay): the balancer sent this request on a connection it believed open.
   */
  racesClose(socket: Socket | null): boolean {
    const since = socket && this.oneWayDelayMs > 0 ? this.idleSince.get(socket) : undefined;
    if (since === undefined) return false;
    const idleMs = (performance.now() - since) * this.speed;
    return idleMs >= this.keepAliveTimeoutMs && idleMs < this.keepAliveTimeoutMs + this.oneWayDelayMs;
  }
}
