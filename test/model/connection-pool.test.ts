// The keep-alive pool at each boundary of a connection's idle time: reuse, the race window, the
// instance's FIN, the balancer's own idle timeout, and the classic fix that leaves no race.
import { describe, expect, it } from 'vitest';
import { ConnectionPool } from '../../src/model/balancer/connection-pool.js';

const KEEP_ALIVE_MS = 5_000;
const IDLE_TIMEOUT_MS = 60_000;
const DELAY_MS = 0.5;

/** A pool holding one connection that became idle at t=0. */
function pooled(keepAliveMs = KEEP_ALIVE_MS, idleTimeoutMs = IDLE_TIMEOUT_MS, delayMs = DELAY_MS): ConnectionPool {
  const pool = new ConnectionPool(keepAliveMs, idleTimeoutMs, delayMs);
  pool.release(0);
  return pool;
}

describe('ConnectionPool', () => {
  it('opens a connection when none is idle', () => {
    expect(new ConnectionPool(KEEP_ALIVE_MS, IDLE_TIMEOUT_MS, DELAY_MS).acquire(0)).toBe('opened');
  });

  it('reuses a connection idle for just under KeepAliveTimeout', () => {
    const pool = pooled();
    expect(pool.acquire(KEEP_ALIVE_MS - 0.001)).toBe('reused');
    expect(pool.idleCount).toBe(0);
  });

  it('races from KeepAliveTimeout until the FIN arrives one OneWayDelay later', () => {
    expect(pooled().acquire(KEEP_ALIVE_MS)).toBe('race');
    expect(pooled().acquire(KEEP_ALIVE_MS + DELAY_MS - 0.001)).toBe('race');
  });

  it('consumes the raced connection: the next request gets a fresh one', () => {
    const pool = pooled();
    expect(pool.acquire(KEEP_ALIVE_MS + 0.1)).toBe('race');
    expect(pool.acquire(KEEP_ALIVE_MS + 0.1)).toBe('opened');
  });

  it('discards a connection once the FIN has arrived and opens a new one', () => {
    const pool = pooled();
    expect(pool.acquire(KEEP_ALIVE_MS + DELAY_MS)).toBe('opened');
    expect(pool.idleCount).toBe(0);
  });

  it('discards a connection idle for the balancer idle timeout: the balancer closed it', () => {
    // A long-lived instance keep-alive, so only the balancer's timeout can close it.
    const pool = pooled(120_000);
    expect(pool.acquire(IDLE_TIMEOUT_MS - 0.001)).toBe('reused');
    pool.release(0);
    expect(pool.acquire(IDLE_TIMEOUT_MS)).toBe('opened');
    expect(pool.idleCount).toBe(0);
  });

  it('never races when KeepAliveTimeout exceeds the idle timeout (the classic fix)', () => {
    let races = 0;
    for (const keepAliveMs of [65_000, IDLE_TIMEOUT_MS]) {
      for (let idleMs = 0; idleMs <= 70_000; idleMs += 0.25) if (pooled(keepAliveMs).acquire(idleMs) === 'race') races++;
    }
    expect(races).toBe(0);
  });

  it('never races when the race window would start after the idle timeout', () => {
    expect(pooled(IDLE_TIMEOUT_MS - 0.25).acquire(IDLE_TIMEOUT_MS - 0.1)).toBe('race');
    expect(pooled(IDLE_TIMEOUT_MS - 0.25).acquire(IDLE_TIMEOUT_MS)).toBe('opened');
  });

  it('reuses the most recently used connection first, as nginx does', () => {
    const pool = new ConnectionPool(KEEP_ALIVE_MS, IDLE_TIMEOUT_MS, DELAY_MS);
    pool.release(0);
    pool.release(4_000);
    // The freshest (idle 1 s) is taken; the oldest, idle for KeepAliveTimeout by now, stays
    // behind it and is the one the next request races on.
    expect(pool.acquire(5_000.1)).toBe('reused');
    expect(pool.idleCount).toBe(1);
    expect(pool.acquire(5_000.2)).toBe('race');
  });

  it('drops every older connection with the top one once that one is known closed', () => {
    const pool = new ConnectionPool(KEEP_ALIVE_MS, IDLE_TIMEOUT_MS, DELAY_MS);
    for (let t = 0; t <= 3_000; t += 1_000) pool.release(t);
    expect(pool.idleCount).toBe(4);
    expect(pool.acquire(3_000 + KEEP_ALIVE_MS + DELAY_MS)).toBe('opened');
    expect(pool.idleCount).toBe(0);
  });

  it('grows past its initial capacity', () => {
    const pool = new ConnectionPool(KEEP_ALIVE_MS, IDLE_TIMEOUT_MS, DELAY_MS);
    for (let t = 0; t < 100; t++) pool.release(t);
    expect(pool.idleCount).toBe(100);
    for (let i = 0; i < 100; i++) expect(pool.acquire(4_000)).toBe('reused');
    expect(pool.idleCount).toBe(0);
  });

  it('clear() forgets every idle connection', () => {
    const pool = pooled();
    pool.clear();
    expect(pool.acquire(1)).toBe('opened');
  });
});
