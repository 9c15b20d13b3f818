// One fake instance on a real port: a fastify app on 127.0.0.1 whose workers and backlog are a
// p-queue, with service times from the scenario's distribution. Its fault state is the model's own
// Instance, set by the model's timeline; sync() makes the listener follow it (up, crashed, blackholed).

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import PQueue from 'p-queue';
import type { InstanceConfig } from '../model/config.js';
import type { Instance } from '../model/instance.js';
import { serviceTimeSampler, type ServiceTimeSampler } from '../model/service-time.js';
import type { Rng } from '../sim/rng.js';
import { chanceFrom, chooseAnswer } from './answer-choice.js';
import { BlackholeListener } from './blackhole-listener.js';
import { HoldSignals } from './hold-signals.js';
import { resetConnection, sendJson, sendMalformed } from './responses.js';

export interface LiveInstanceOptions {
  config: InstanceConfig;
  /** The model's instance: only its fault state is used (the timeline sets it). */
  state: Instance;
  serviceRng: Rng;
  faultRng: Rng;
  /** The health check's path ('' for TCP checks): probes take the probe service time. */
  healthPath: string;
  probeServiceTimeMs: number;
  /** Scenario time runs this many times faster than real time. */
  speed: number;
}

type Mode = 'up' | 'down' | 'blackhole';

export class LiveInstance {
  readonly id: string;
  readonly app: FastifyInstance;
  private readonly server: Server;
  private readonly queue: PQueue;
  private readonly sample: ServiceTimeSampler;
  private readonly holds = new HoldSignals();
  private readonly blackhole: BlackholeListener[] = [];
  private mode: Mode = 'down';
  private port = 0;
  private transitions: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: LiveInstanceOptions) {
    const { config } = options;
    this.id = config.id;
    this.sample = serviceTimeSampler(config.serviceTime);
    this.queue = new PQueue({ concurrency: config.concurrency });
    this.server = createServer();
    // A hang lasts as long as the scenario says: Node's own request timeout must not answer for it.
    this.server.requestTimeout = 0;
    this.server.keepAliveTimeout = config.keepAliveTimeoutMs / options.speed;
    const server = this.server;
    this.app = Fastify({ serverFactory: (handler) => server.on('request', handler) });
    this.app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    this.app.all('*', (request, reply) => this.handle(request.url.split('?')[0] === options.healthPath, reply));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on `port` (0: any free one); stays down if the instance is crashed already. */
  async listen(port: number): Promise<void> {
    await this.app.ready();
    this.port = port;
    await this.setMode('up');
    this.port = (this.server.address() as AddressInfo).port;
    this.sync();
  }

  /** Follows the model's fault state: call after every timeline change. */
  sync(): void {
    const { state } = this.options;
    this.queue.concurrency = this.workers();
    if (!state.hung) this.holds.resume();
    const wanted: Mode = state.crashed ? 'down' : state.blackholed ? 'blackhole' : 'up';
    if (wanted !== this.mode && !this.closed) this.transitions = this.transitions.then(() => this.setMode(wanted));
  }

  /** Settles once the listener has caught up with the last sync(). */
  settled(): Promise<void> {
    return this.transitions;
  }

  private workers(): number {
    const overloads = this.options.state.faults.overload;
    const capacity = overloads.length > 0 ? overloads[overloads.length - 1]!.params.capacity : 1;
    return Math.max(1, Math.round(this.options.config.concurrency * capacity));
  }

  private async handle(isProbe: boolean, reply: FastifyReply): Promise<FastifyReply | void> {
    const { state } = this.options;
    const epoch = this.holds.epoch;
    if (state.blackholed) return this.holdForever(reply, epoch);
    // The backlog is full: the closest a running server comes to refusing is closing at once.
    if (this.queue.pending >= this.queue.concurrency && this.queue.size >= this.options.config.backlog) return resetConnection(reply);
    await this.queue.add(() => this.work(isProbe, epoch));
    if (this.holds.epoch !== epoch) return reply.hijack();
    if (state.blackholed) return this.holdForever(reply, epoch);
    const answer = chooseAnswer(state, isProbe, chanceFrom(() => this.options.faultRng.next()));
    if (answer.kind === 'reset') return resetConnection(reply);
    if (answer.kind === 'malformed') return sendMalformed(reply);
    return sendJson(reply, this.id, answer.status);
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
    if (this.mode === 'blackhole') await this.blackhole.pop()?.stop();
    // Stops accepting; idle keep-alive connections close with it (Node's http server does that).
    if (this.server.listening) this.server.close();
    if (wanted === 'down') {
      // A crash cuts every connection and the work in progress, held ones included.
      this.holds.endEpoch();
      this.server.closeAllConnections();
    }
    if (wanted === 'up') await this.startListening();
    if (wanted === 'blackhole') {
      const listener = new BlackholeListener(this.port);
      this.blackhole.push(listener);
      await listener.start();
    }
    this.mode = wanted;
  }

  private startListening(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ port: this.port, host: '127.0.0.1' }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** Stops everything: listener, blackhole child, connections, timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.transitions.catch(() => undefined);
    await this.setMode('down');
    this.holds.endEpoch();
    this.queue.clear();
    await this.app.close();
  }
}
