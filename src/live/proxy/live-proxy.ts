// The live proxy: a fastify app on 127.0.0.1 that forwards each request with undici to a backend
// the scenario's algorithm picks among the instances believed healthy, with the profile's connect
// and response timeouts. Failures become the profile's gateway answers, recorded with their reasons;
// active checks drive the model's health machine on the real-time scheduler.

import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { request } from 'undici';
import { createAlgorithm } from '../../model/algorithms/index.js';
import type { Algorithm } from '../../model/algorithms/algorithm.js';
import type { SimulationSetup } from '../../model/config.js';
import { initialCountersFor } from '../../model/health/health-machines.js';
import type { Reason } from '../../model/outcome.js';
import { RngStreams, type Rng } from '../../sim/rng.js';
import { RealTimeScheduler } from '../realtime-scheduler.js';
import { Backend } from './backend.js';
import { reasonOf } from './classify.js';
import { answerGatewayError, type LiveGatewayError } from './gateway-answer.js';
import { HealthProber } from './health-prober.js';

export interface LiveProxyOptions {
  setup: SimulationSetup;
  /** One URL per scenario instance, in file order. */
  urls: readonly string[];
  /** Scenario time runs this many times faster than real time (timeouts and intervals divided by it). */
  speed?: number;
}

/** Hop-by-hop headers: they describe one connection and are not forwarded either way. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer', 'host']);

export class LiveProxy {
  readonly app: FastifyInstance;
  readonly backends: Backend[];
  readonly scheduler: RealTimeScheduler;
  /** Every gateway error answered so far, in order. */
  readonly errors: LiveGatewayError[] = [];
  private readonly algorithm: Algorithm;
  private readonly rng: Rng;
  private readonly prober: HealthProber | null;
  private candidates: Backend[] = [];
  private port = 0;

  constructor(private readonly options: LiveProxyOptions) {
    const { setup, urls } = options;
    const speed = options.speed ?? 1;
    const { balancer, healthCheck } = setup;
    this.scheduler = new RealTimeScheduler(speed);
    this.rng = new RngStreams(setup.seed).stream('algorithm/live');
    this.algorithm = createAlgorithm(balancer, this.scheduler, null);
    const rules = balancer.behaviour.health;
    const responseMs = balancer.perTryTimeoutMs ?? balancer.idleTimeoutMs;
    this.backends = setup.instances.map(
      (config, index) =>
        new Backend({
          index, id: config.id, url: urls[index]!, weight: config.weight,
          connectTimeoutMs: balancer.connectTimeoutMs / speed, responseTimeoutMs: responseMs / speed,
          counters: initialCountersFor(rules, 'InService', healthCheck),
        }),
    );
    this.prober = balancer.behaviour.activeChecks
      ? new HealthProber(this.backends, { check: healthCheck, rules, scheduler: this.scheduler, speed, onChange: () => this.refresh() })
      : null;
    this.refresh();
    this.app = Fastify();
    this.app.removeAllContentTypeParsers();
    this.app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    this.app.all('*', (req, reply) => this.forward(req, reply));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on 127.0.0.1 (`port` 0: any free one) and starts the health checks. */
  async listen(port = 0): Promise<void> {
    await this.app.listen({ port, host: '127.0.0.1' });
    this.port = (this.app.server.address() as AddressInfo).port;
    this.scheduler.restart();
    this.prober?.start();
  }

  async close(): Promise<void> {
    this.prober?.close();
    this.scheduler.close();
    await this.app.close();
    await Promise.all(this.backends.map((backend) => backend.close()));
  }

  /** The set routed among: the healthy backends, or all of them where the profile fails open or panics. */
  private refresh(): void {
    const healthy = this.backends.filter((backend) => backend.belief === 'InService');
    const { failOpen, panicThresholdPercent } = this.options.setup.balancer.behaviour;
    const panics = healthy.length * 100 < panicThresholdPercent * this.backends.length;
    this.candidates = (healthy.length === 0 && failOpen) || panics ? [...this.backends] : healthy;
    this.algorithm.reset?.(this.candidates);
  }

  private async forward(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    if (this.options.setup.instances.length === 0) return this.fail(reply, 'NoRegisteredInstances', null);
    if (this.candidates.length === 0) return this.fail(reply, 'NoHealthyInstances', null);
    const headers = forwardedHeaders(req.headers);
    const pick = { client: -1, kind: { path: req.url.split('?')[0]!, headers } };
    const backend = this.candidates[this.algorithm.pick(this.candidates, this.rng, pick)]!;
    this.changeOutstanding(backend, 1);
    try {
      const body = Buffer.isBuffer(req.body) ? req.body : undefined;
      const response = await request(`${backend.url}${req.url}`, { method: req.method as 'GET', headers, body, dispatcher: backend.agent });
      const payload = Buffer.from(await response.body.arrayBuffer());
      this.algorithm.answered?.(pick, backend);
      reply.code(response.statusCode);
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name) && name !== 'content-length') reply.header(name, value);
      }
      return reply.send(payload);
    } catch (error) {
      return this.fail(reply, reasonOf(error), backend.id);
    } finally {
      this.changeOutstanding(backend, -1);
    }
  }

  private fail(reply: FastifyReply, reason: Reason, instance: string | null): FastifyReply {
    this.errors.push(answerGatewayError(reply, this.options.setup.balancer.profile, reason, instance));
    return reply;
  }

  private changeOutstanding(backend: Backend, by: number): void {
    backend.outstanding += by;
    if (this.candidates.includes(backend)) this.algorithm.outstandingChanged?.(backend);
  }
}

function forwardedHeaders(headers: FastifyRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
