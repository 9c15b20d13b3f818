// Builds one live instance for tests, with its model fault state at hand, and small loopback
// clients that report what a balancer would see: a status, a refusal, a reset, a parse error, silence.

import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { FaultParams, InstanceConfig } from '../../src/model/config.js';
import type { FaultKind } from '../../src/model/faults/fault.js';
import { FAULTS } from '../../src/model/faults/index.js';
import { Instance } from '../../src/model/instance/instance.js';
import { instanceStreams } from '../../src/model/instance/instance-streams.js';
import { LiveInstance, type LiveInstanceOptions } from '../../src/live/live-instance.js';
import { RealTimeScheduler } from '../../src/live/realtime-scheduler.js';
import { RngStreams } from '../../src/sim/rng.js';
import { fault, instance } from '../helpers/setup.js';

export interface Built {
  live: LiveInstance;
  state: Instance;
  /** Puts a fault in force the way the timeline does, then lets the instance follow. */
  apply(kind: FaultKind, params?: Partial<FaultParams>): void;
  end(kind: FaultKind): void;
}

export function buildInstance(overrides: Partial<InstanceConfig> = {}, speed = 1, options: Partial<LiveInstanceOptions> = {}): Built {
  const config = instance('i-1', { serviceTime: { distribution: 'constant', meanMs: 5 }, ...overrides });
  const rngs = new RngStreams(1);
  const state = new Instance(config, new RealTimeScheduler(speed), instanceStreams(rngs, 'i-1'), 1);
  const live = new LiveInstance({
    config,
    state,
    serviceRng: rngs.stream('instance/i-1'),
    healthPath: '/health',
    probeServiceTimeMs: 1,
    speed,
    ...options,
  });
  return {
    live,
    state,
    apply(kind, params = {}) {
      const event = fault(0, 0, kind, ['i-1'], { params });
      state.faults[kind].push(event);
      FAULTS[kind].apply(state, event);
      live.sync();
    },
    end(kind) {
      state.faults[kind] = [];
      FAULTS[kind].clear(state);
      live.sync();
    },
  };
}

export type Seen = { status: number; body: string; headers: Record<string, unknown> } | { error: string } | { silent: true };

/** One GET on a fresh connection, given up after `waitMs` (then: silent). */
export function get(url: string, path = '/', waitMs = 2000): Promise<Seen> {
  return new Promise((resolve) => {
    const req = request(`${url}${path}`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.setTimeout(waitMs, () => {
      resolve({ silent: true });
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end();
  });
}

/** Whether a TCP connection opens within `waitMs`: 'open', 'refused' or 'silent' (the connect hangs). */
export function tcpConnect(port: number, waitMs: number): Promise<'open' | 'refused' | 'silent'> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const timer = setTimeout(() => finish('silent'), waitMs);
    const finish = (outcome: 'open' | 'refused' | 'silent') => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    socket.on('connect', () => finish('open'));
    socket.on('error', () => finish('refused'));
  });
}

/** Stops a child process started by a test: SIGTERM, then SIGKILL if it has not exited within 3 s. */
export function childStopper(child: ChildProcess): () => Promise<void> {
  const exited = once(child, 'exit');
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
}
