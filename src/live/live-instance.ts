// One fake instance on a real port: a fastify app on 127.0.0.1, workers and backlog in a p-queue,
// service times from the scenario. Its listener follows the model's fault state (up, crashed,
// blackholed) and, as the model refuses connections while the backlog is full, stops accepting then.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import PQueue from 'p-queue';
import type { InstanceConfig } from '../model/config.js';
import type { Instance } from '../model/instance/instance.js';
import { serviceTimeSampler, type ServiceTimeSampler } from '../model/instance/service-time.js';
import type { Rng } from '../sim/rng.js';
import { BlackholeListener } from './blackhole-listener.js';
import { HoldSignals } from './hold-signals.js';
import { KeepAliveRace } from './keep-alive-race.js';
import { resetConnection, sendJson, sendMalformed } from './responses.js';

export interface LiveInstanceOptions {
  config: InstanceConfig;
  /** The model's instance: only its fault state is used (the timeline sets it). */
  state: Instance;
  serviceRng: Rng;
  /** The health check's path ('' for TCP checks): probes take the probe service time. */
  healthPath: string;
  probeServiceTimeMs: number;
  /** Scenario time runs this many times faster than real time. */
  speed: number;
  /** The scenario blackholes this instance: its blackhole child is spawned at listen(), not at the first blackhole. */
  blackholes?: boolean;
  /** The scenario's OneWayDelay (scenario ms): how late its close of an idle connection lands (keep-alive-race.ts). */
  oneWayDelayMs?: number;
  /** Told when the listener fails to follow the model (the port taken, say); it tries again. Default: stderr, once per message. */
  onError?: (error: Error) => void;
}

/** After a failed transition, how long (real ms) before trying again to follow the model. */
const RETRY_MS = 20;

/** `full`: the backlog is full, so new connections are refused and idle ones closed until room frees. */
type Mode = 'up' | 'down' | 'blackhole' | 'full';

export class LiveInstance {
  readonly id: string;
  readonly app: FastifyInstance;
  private readonly server: Server;
  private readonly queue: PQueue;
  private readonly sample: ServiceTimeSampler;
  private readonly holds = new HoldSignals();
  private readonly blackhole = new BlackholeListener(() => this.blackholeDied());
  /** What the listener does now; follow() moves it to what the model wants. */
  private mode: Mode = 'down';
  private port = 0;
  /** listen() is done: until then it sets the mode itself. */
  private listened = false;
  private following = false;
  private idle: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | null = null;
  private readonly reported = new Set<string>();
  private closed = false;
  private readonly keepAlive: KeepAliveRace;

  constructor(private readonly options: LiveInstanceOptions) {
    const { config } = options;
    this.id = config.id;
    this.sample = serviceTimeSampler(config.serviceTime);
    this.queue = new PQueue({ concurrency: config.concurrency });
    // Each job queued or done may fill or free the backlog: the listener follows (mode `full`).
    this.queue.on('add', () => this.follow());
    this.queue.on('next', () => this.follow());
    this.server = createServer();
    // A hang lasts as long as the scenario says: Node's own request timeout must not answer for it.
    this.server.requestTimeout = 0;
    this.keepAlive = new KeepAliveRace(this.server, config.keepAliveTimeoutMs, options.oneWayDelayMs ?? 0, options.speed);
    const server = this.server;
    this.app = Fastify({ serverFactory: (handler) => server.on('request', handler) });
    this.app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    this.app.all('*', (request, reply) => this.handle(request.url.split('?')[0] === options.healthPath, reply));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The blackhole child's process id while it runs (tests check close() leaves none). */
  get blackholePid(): number | undefined {
    return this.blackhole.pid;
  }

  /** Listens on `port` (0: any free one); stays down if the instance is crashed already. */
  async listen(port: number): Promise<void> {
    await this.app.ready();
    this.port = port;
    // The child starts meanwhile; if it cannot, the first blackhole spawns one (late, but it still happens).
    const prepared = this.options.blackholes ? this.blackhole.prepare().catch((error: unknown) => this.report(error)) : undefined;
    await Promise.all([this.setMode('up'), prepared]);
    this.port = (this.server.address() as AddressInfo).port;
    this.listened = true;
    this.sync();
  }

  /** Follows the model's fault state: call after every timeline change. */
  sync(): void {
    const { state } = this.options;
    this.queue.concurrency = this.workers();
    if (!state.hung) this.holds.resume();
    this.follow();
  }

  /** Settles once the listener has caught up with the model, or failed to (reported, retried later). */
  settled(): Promise<void> {
    return this.idle;
  }

  private wanted(): Mode {
    const { state } = this.options;
    return state.crashed ? 'down' : state.blackholed ? 'blackhole' : this.backlogFull() ? 'full' : 'up';
  }

  private backlogFull(): boolean {
    return this.queue.pending >= this.queue.concurrency && this.queue.size >= this.options.config.backlog;
  }

  /**
   * Moves the listener to the model's mode unless a move is under way: that one reads the model again
   * when done, so changes meanwhile coalesce into one move to the latest mode rather than a late queue.
   */
  private follow(): void {
    if (this.following || this.closed || !this.listened || this.wanted() === this.mode) return;
    this.following = true;
    this.idle = this.converge();
  }

  private async converge(): Promise<void> {
    try {
      for (let wanted = this.wanted(); wanted !== this.mode && !this.closed; wanted = this.wanted()) await this.setMode(wanted);
    } catch (error) {
      // One failure must not stop the instance following the model: report it and try again soon.
      this.report(error);
      if (!this.closed) this.retry ??= setTimeout(() => this.retryNow(), RETRY_MS);
    } finally {
      this.following = false;
    }
  }

  private retryNow(): void {
    this.retry = null;
    this.follow();
  }

  private report(error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    if (this.options.onError) return this.options.onError(failure);
    // Once per message: a retry that keeps failing must not flood the terminal.
    if (this.reported.has(failure.message)) return;
    this.reported.add(failure.message);
    process.stderr.write(`lbsim: instance ${this.id}: ${failure.message}\n`);
  }

  /** The blackhole child died on its own: the port is open to refusals, so say so and blackhole again. */
  private blackholeDied(): void {
    if (this.closed) return;
    this.report(new Error('blackhole listener exited'));
    if (this.mode !== 'blackhole') return;
    this.mode = 'down';
    this.follow();
  }

  private workers(): number {
    const overloads = this.options.state.faults.overload;
    const capacity = overloads.length > 0 ? overloads[overloads.length - 1]!.params.capacity : 1;
    return Math.max(1, Math.round(this.options.config.concurrency * capacity));
  }

  private async handle(isProbe: boolean, reply: FastifyReply): Promise<FastifyReply | void> {
    const { state } = this.options;
    const epoch = this.holds.epoch;
    const startedMs = performance.now();
    if (state.blackholed) return this.holdForever(reply, epoch);
    // Full, on a connection opened before it was: a running server cannot refuse it any more, so it is
    // closed at once. New connections are refused meanwhile (mode `full`), as the model refuses them.
    if (this.backlogFull()) return resetConnection(reply);
    // Probes are not raced: a balancer opens a connection per check (connection-pool.ts), as the model has it.
    if (!isProbe && this.keepAlive.racesClose(reply.raw.socket)) return resetConnection(reply);
    await this.queue.add(() => this.work(isProbe, epoch));
    if (this.holds.epoch !== epoch) return reply.hijack();
    if (state.blackholed) return this.holdForever(reply, epoch);
    const answer = state.answerFor(isProbe);
    if (answer.kind === 'reset') return resetConnection(reply);
    if (answer.kind === 'malformed') return sendMalformed(reply);
    return sendJson(reply, this.id, answer.status, performance.now() - startedMs);
  }

  /** A worker's share: the service time, and while the process is hung, no progress at all. */
  private async work(isProbe: boolean, epoch: number): Promise<void> {
    const { state, speed, probeServiceTimeMs, serviceRng } = this.options;
    while (this.holds.epoch === epoch) {
      if (state.hung) {
        await this.holds.untilResumed();
        continue;
      }
      const serviceMs = (isProbe ? probeServiceTimeMs : this.sample(serviceRng)) * state.slowFactor + state.slowAddMs;
      await this.holds.sleep(serviceMs / speed);
      // A hang that began meanwhile froze this job: it gets a fresh service time once it resumes, as in the model.
      if (!state.hung) return;
    }
  }

  /** hang and blackhole: the connection stays open and nothing is ever written to it. */
  private async holdForever(reply: FastifyReply, epoch: number): Promise<void> {
    reply.hijack();
    await this.holds.untilEpochEnds(epoch);
    reply.raw.socket?.destroy();
  }

  private async setMode(wanted: Mode): Promise<void> {
    try {
      await this.switchTo(wanted);
      this.mode = wanted;
    } catch (error) {
      // Half-way states are not tracked: after a failure nothing listens, and the retry starts from down.
      if (this.server.listening) this.server.close();
      await this.blackhole.stop();
      this.mode = 'down';
      throw error;
    }
  }

  private async switchTo(wanted: Mode): Promise<void> {
    // Spawned first if listen() did not: a late blackhole rather than a port that refuses meanwhile.
    if (wanted === 'blackhole') await this.blackhole.prepare();
    if (this.mode === 'blackhole' && wanted === 'up') return this.listenOnceFree(this.blackhole.stop());
    if (this.mode === 'blackhole') await this.blackhole.stop();
    // Stops accepting; idle keep-alive connections close with it (Node's http server does that).
    if (this.server.listening) this.server.close();
    // Full: nothing new is accepted (refused, as in the model); Node's close() closed the idle connections.
    if (wanted === 'full') return;
    if (wanted === 'down') {
      // A crash cuts every connection and the work in progress, held ones included.
      this.holds.endEpoch();
      this.server.closeAllConnections();
    }
    if (wanted === 'up') await this.startListening();
    // Right after our own close: the port refuses only until the child, told at once, listens.
    if (wanted === 'blackhole') await this.blackhole.start(this.port);
  }

  /**
   * Listens while the blackhole child is closing its listener: tries again at once while the port is
   * still its, so the port refuses only between the child's close and our bind, not for a round trip.
   */
  private async listenOnceFree(freed: Promise<void>): Promise<void> {
    let free = false;
    const settled = freed.finally(() => (free = true));
    // Awaited below whichever way the loop ends; this only keeps it from counting as unhandled meanwhile.
    settled.catch(() => undefined);
    for (;;) {
      const wasFree = free;
      try {
        await this.startListening();
        return await settled;
      } catch (error) {
        if (wasFree || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') return settled.then(() => Promise.reject(error));
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  }

  private startListening(): Promise<void> {
    return new Promise((resolve, reject) => {
      // Both listeners go either way: retries must not pile them up on the server.
      const failed = (error: Error) => {
        this.server.off('listening', listening);
        reject(error);
      };
      const listening = () => {
        this.server.off('error', failed);
        resolve();
      };
      this.server.once('error', failed);
      this.server.once('listening', listening);
      this.server.listen({ port: this.port, host: '127.0.0.1' });
    });
  }

  /** Stops everything: listener, blackhole child, connections, timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.idle;
    await this.setMode('down').catch((error: unknown) => this.report(error));
    await this.blackhole.close();
    this.holds.endEpoch();
    this.queue.clear();
    await this.app.close();
  }
}
