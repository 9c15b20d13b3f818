// The live proxy: a fastify listener on 127.0.0.1 in front of the scenario's nodes (as the model's
// LoadBalancer). Hands each request to a node (the model's 'traffic/node' draw), answers what it decided,
// reports every answer, carries membership changes to every node, and owns the lifecycle.

import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { cookieJarFor } from '../../model/algorithms/index.js';
import type { SimulationSetup } from '../../model/config.js';
import { JOINED, NOT_REGISTERED } from '../../model/run/run-observer.js';
import { RngStreams, type Rng } from '../../sim/rng.js';
import { RealTimeScheduler } from '../realtime-scheduler.js';
import { HELD_HEADER } from '../responses.js';
import { answerGatewayError } from './gateway-answer.js';
import { LiveNode } from './live-node.js';
import { ClientExchange, LiveRequest, type LiveOutcome } from './live-request.js';
import { ProxyClock } from './proxy-clock.js';
import type { LiveProxyObserver } from './proxy-observer.js';

export interface LiveProxyOptions {
  setup: SimulationSetup;
  /** One URL per scenario instance, in file order. */
  urls: readonly string[];
  /** Scenario time runs this many times faster than real time; with `scheduler`, the same speed as it. */
  speed?: number;
  /** Told of every answer, attempt, probe and belief change, in scenario milliseconds. */
  observer?: LiveProxyObserver;
  /** A clock shared with the instance pool: its owner starts and closes it, the proxy never does. */
  scheduler?: RealTimeScheduler;
  /** For tests only: every probe counts as passed whatever the instance answered (health checks broken on purpose, to show the agreement tests fail). */
  probesAlwaysPass?: boolean;
}

/** Hop-by-hop headers: they describe one connection and are not forwarded either way. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host']);
/** Set by lbsim's load generator: the request's scenario arrival time and its client (Traffic.Clients). */
export const ARRIVAL_HEADER = 'x-lbsim-arrival-ms';
export const CLIENT_HEADER = 'x-lbsim-client';

export class LiveProxy {
  readonly app: FastifyInstance;
  readonly nodes: LiveNode[];
  readonly scheduler: RealTimeScheduler;
  /** The nodes' timers, on the scheduler: closed with the proxy even when the scheduler is shared. */
  private readonly clock: ProxyClock;
  private readonly ownsScheduler: boolean;
  /** Which node a client reaches; drawn only when there is more than one. */
  private readonly nodeRng: Rng | null;
  /** Requests not answered yet, so close() can end them. */
  private readonly pending = new Set<ClientExchange>();
  private nextId = 0;
  private started = false;
  private closing = false;
  private port = 0;
  private readonly speed: number;

  constructor(private readonly options: LiveProxyOptions) {
    const { setup, urls } = options;
    const speed = options.speed ?? 1;
    this.speed = speed;
    this.ownsScheduler = options.scheduler === undefined;
    this.scheduler = options.scheduler ?? new RealTimeScheduler(speed);
    const rngs = new RngStreams(setup.seed);
    const cookies = cookieJarFor(setup);
    const observer = options.observer ?? null;
    this.clock = new ProxyClock(this.scheduler);
    const clock = this.clock;
    this.nodes = setup.balancer.nodes.map((name, index) => new LiveNode({ index, name, setup, urls, speed, scheduler: clock, rngs, cookies, observer, probesAlwaysPass: options.probesAlwaysPass }));
    this.nodeRng = this.nodes.length > 1 ? rngs.stream('traffic/node') : null;
    this.app = Fastify();
    this.app.removeAllContentTypeParsers();
    this.app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    this.app.all('*', (req, reply) => this.forward(req, reply));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Listens on 127.0.0.1 (`port` 0: any free one). On its own clock the proxy starts at once; on a
   * shared one the owner calls start() at scenario time 0.
   */
  async listen(port = 0): Promise<void> {
    await this.app.listen({ port, host: '127.0.0.1' });
    this.port = (this.app.server.address() as AddressInfo).port;
    if (this.ownsScheduler) this.start();
  }

  /** Starts the health checks (their first probes at the model's random phases from now); once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    if (this.ownsScheduler) this.scheduler.restart();
    for (const node of this.nodes) node.start();
  }

  /** Ends the checks, the attempts in flight (their clients get UpstreamReset, not reported) and the listener. */
  async close(): Promise<void> {
    this.closing = true;
    this.clock.close();
    if (this.ownsScheduler) this.scheduler.close();
    await Promise.all(this.nodes.map((node) => node.close()));
    for (const exchange of this.pending) exchange.finish({ kind: 'error', reason: 'UpstreamReset', backend: null }, exchange.attempts);
    await this.app.close();
  }

  /** `register` / `deregister` for every node, with belief changes reported as the model's RunObserver.onMembership does. */
  setRegistered(index: number, registered: boolean, eventIndex: number): void {
    if (this.nodes[0]!.slots[index]!.registered === registered) return;
    for (const node of this.nodes) {
      const before = node.slots[index]!.belief;
      // Without active checks (nginx) a new server takes traffic at once.
      const belief = node.prober ? node.prober.setRegistered(index, registered) : registered ? 'InService' : 'OutOfService';
      node.setRegistered(index, registered, eventIndex, belief);
      const after = node.slots[index]!.belief;
      if (after !== before) this.options.observer?.onBelief(node.name, index, before, after, after === 'InService' ? JOINED : NOT_REGISTERED, 0);
    }
  }

  /** Registered and InService in every node's view. */
  inService(index: number): boolean {
    return this.nodes.every((node) => node.slots[index]!.registered && node.slots[index]!.belief === 'InService');
  }

  private async forward(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    const arrivalMs = this.arrivalOf(req);
    const nodes = this.nodes;
    const node = this.nodeRng === null ? nodes[0]! : nodes[this.nodeRng.int(nodes.length)]!;
    const headers = forwardedHeaders(req.headers);
    const kind = { method: req.method, path: req.url.split('?')[0]!, weight: 1, headers };
    const exchange = new ClientExchange(req.url, headers, Buffer.isBuffer(req.body) ? req.body : undefined);
    const request = new LiveRequest(this.nextId++, arrivalMs, kind, exchange);
    const client = Number(req.headers[CLIENT_HEADER]);
    if (Number.isInteger(client) && client >= 0) request.client = client;
    this.pending.add(exchange);
    node.arrive(request);
    const outcome = await exchange.outcome;
    this.pending.delete(exchange);
    const status = this.answer(reply, outcome);
    if (this.closing) return reply;
    this.options.observer?.onAnswer({
      node: node.name,
      arrivalMs,
      answeredMs: this.scheduler.nowMs(),
      status,
      reason: outcome.kind === 'error' ? outcome.reason : null,
      instance: outcome.backend?.index ?? null,
      attempts: exchange.attempts,
      ...(outcome.kind === 'response' && exchange.attempts === 1 ? hopOf(outcome.headers, arrivalMs, this.scheduler.nowMs(), this.speed) : {}),
      ...(outcome.kind === 'error' && outcome.cause !== undefined ? { cause: outcome.cause } : {}),
    });
    return reply;
  }

  /**
   * When the request arrived, in scenario time: lbsim's load generator says when it was due, so the
   * generator and the recorder count the same requests (Warmup, in flight at the end) and latency is
   * the client's; any other client's request arrives now.
   */
  private arrivalOf(req: FastifyRequest): number {
    const nowMs = this.scheduler.nowMs();
    const dueMs = Number(req.headers[ARRIVAL_HEADER]);
    return Number.isFinite(dueMs) && dueMs >= 0 && dueMs <= nowMs ? dueMs : nowMs;
  }

  /** Writes the outcome to the client; returns the status it got (0: closed without one). */
  private answer(reply: FastifyReply, outcome: LiveOutcome): number {
    if (outcome.kind === 'error') return answerGatewayError(reply, this.options.setup.balancer.profile, outcome.reason, outcome.backend?.id ?? null).status;
    reply.code(outcome.status);
    for (const [name, value] of Object.entries(outcome.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'content-length') reply.header(name, value);
    }
    void reply.send(outcome.payload);
    return outcome.status;
  }
}

function forwardedHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === ARRIVAL_HEADER || name === CLIENT_HEADER) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The real time outside the instance, from its held-time header; nothing when the header is missing. */
function hopOf(headers: Record<string, string | string[] | undefined>, arrivalMs: number, answeredMs: number, speed: number): { hopRealMs?: number } {
  const heldUs = Number(headers[HELD_HEADER]);
  return Number.isFinite(heldUs) ? { hopRealMs: Math.max(0, (answeredMs - arrivalMs) / speed - heldUs / 1000) } : {};
}
