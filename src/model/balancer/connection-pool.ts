// The idle keep-alive connections one balancer node holds to one instance, and the keep-alive
// race: a request sent on a connection the instance has closed but whose FIN is still on the wire.
//
//   idle time of the connection taken (since the instance's last response on it):
//   0 ──── reuse ────► KeepAliveTimeout ── race ──► + OneWayDelay ── FIN seen: discard ──►
//   and from the balancer's own IdleTimeout on: it closed the connection itself, discard

/** What taking a connection gave: one reused from the pool, a new one, or one the instance had closed. */
export type Acquired = 'reused' | 'opened' | 'race';

const INITIAL_CAPACITY = 4;

/**
 * Reuse order is most recently used first, as nginx's upstream keepalive cache does
 * (ngx_http_upstream_free_keepalive_peer inserts at the head of the cache queue and
 * ngx_http_upstream_get_keepalive_peer scans from the head: nginx/nginx
 * src/http/modules/ngx_http_upstream_keepalive_module.c). AWS does not document ELB's order; we
 * assume the same. Releases push the current time, so the stack is sorted by idle time: when the
 * top is closed, every connection under it is too, and every operation is O(1) and allocation-free
 * once the stack has grown.
 *
 * Not modelled: requests and responses cross the network in no time (only the FIN's delay opens
 * the window), and only KeepAliveTimeout closes idle connections (the balancer clears the pool of
 * a crashed instance). Health checks never come here: AWS documents that an ALB node closes the
 * connection after each check (lb-semantics.md §2.1; we assume the same of CLB), so a probe opens
 * its own and cannot race.
 */
export class ConnectionPool {
  /** When each idle connection became idle, oldest first: a stack with the freshest on top. */
  private idleSinceMs = new Float64Array(INITIAL_CAPACITY);
  private size = 0;

  constructor(
    /** The instance's HTTP server closes a connection idle this long (Node's keepAliveTimeout). */
    private readonly keepAliveTimeoutMs: number,
    /** The balancer closes a back-end connection idle this long (its idle timeout). */
    private readonly idleTimeoutMs: number,
    /** How long the instance's FIN takes to reach the balancer. */
    private readonly oneWayDelayMs: number,
  ) {}

  /** Idle connections the balancer still believes open (some may already be closed by the instance). */
  get idleCount(): number {
    return this.size;
  }

  /** A connection for a request sent now; a `race` connection is consumed: the request fails on it. */
  acquire(nowMs: number): Acquired {
    if (this.size === 0) return 'opened';
    const idleMs = nowMs - this.idleSinceMs[this.size - 1]!;
    // The balancer closed it (and every older one) itself once its idle timeout ran out. With
    // KeepAliveTimeout ≥ IdleTimeout this always comes first: the classic fix leaves no race.
    if (idleMs >= this.idleTimeoutMs) return this.openAfterDiscarding();
    if (idleMs < this.keepAliveTimeoutMs) {
      this.size--;
      return 'reused';
    }
    if (idleMs < this.keepAliveTimeoutMs + this.oneWayDelayMs) {
      this.size--;
      return 'race';
    }
    // The FIN arrived: the balancer knows it (and every older one) is closed.
    return this.openAfterDiscarding();
  }

  /** The response on a connection has arrived: it goes back to the pool, idle from now. */
  release(nowMs: number): void {
    if (this.size === this.idleSinceMs.length) this.grow();
    this.idleSinceMs[this.size++] = nowMs;
  }

  /** Every idle connection is gone (the instance's process died with them). */
  clear(): void {
    this.size = 0;
  }

  private openAfterDiscarding(): Acquired {
    this.size = 0;
    return 'opened';
  }

  private grow(): void {
    const larger = new Float64Array(this.idleSinceMs.length * 2);
    larger.set(this.idleSinceMs);
    this.idleSinceMs = larger;
  }
}
