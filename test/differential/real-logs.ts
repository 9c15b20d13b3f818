// Reads what the real balancer wrote into Observed: HAProxy's httplog lines (termination state per
// request) and "Server be/sN is DOWN/UP" lines; nginx's error log (reason per request, "temporarily
// disabled" warnings). Requests are named in the log by their path /r/<id>; times are when a line arrived.

import type { ClientAnswer } from './constant-client.js';
import type { TimedLine } from './real-balancer.js';
import { nginxReason, oneDisablePerEpisode, RETRIED, type Answer, type Observed, type Transition } from './observations.js';

const toScenarioS = (atMs: number, t0Ms: number) => (atMs - t0Ms) / 1000;

// %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %hr %hs %{+Q}r
const HTTPLOG = /^\S+ \[[^\]]+\] \S+ [^/\s]+\/(\S+) \S+ (\d+) \S+ \S+ \S+ (\S{4}) \d+\/\d+\/\d+\/\d+\/(\+?\d+) \S+ "GET \/r\/(\d+) /;
const HAPROXY_HEALTH = /^Server [^/\s]+\/(\S+) is (DOWN|UP)\b/;

export function readHaproxy(lines: TimedLine[], answers: ClientAnswer[], t0Ms: number): Observed {
  const labels = new Map<number, string>();
  const transitions: Transition[] = [];
  for (const line of lines) {
    const request = HTTPLOG.exec(line.text);
    if (request) {
      const [, server, , state, retries, id] = request;
      const label = state!.slice(0, 2) + (server === '<NOSRV>' ? ' <NOSRV>' : '');
      // %rc: retries made ("+n" when the last one was redispatched).
      labels.set(Number(id), label === '--' && retries !== '0' ? RETRIED : label);
      continue;
    }
    // The raw stdout line only: the same message also goes to stderr behind "[WARNING]".
    const health = HAPROXY_HEALTH.exec(line.text);
    if (health) transitions.push({ instance: health[1]!, to: health[2] === 'DOWN' ? 'down' : 'up', atS: toScenarioS(line.atMs, t0Ms) });
  }
  return { answers: withLabels(answers, (id) => labels.get(id) ?? 'no log line'), transitions };
}

const NGINX_LINE = /\[(error|warn)\] .*?request: "GET \/r\/(\d+) .*?upstream: "http:\/\/([^/"]+)/;

export function readNginx(lines: TimedLine[], answers: ClientAnswer[], t0Ms: number, portToInstance: Map<number, string>, failTimeoutS: number): Observed {
  const lastError = new Map<number, string>();
  const failedAttempts = new Set<number>();
  const transitions: Transition[] = [];
  for (const line of lines) {
    const match = NGINX_LINE.exec(line.text);
    if (!match) continue;
    const [, level, id, upstream] = match;
    if (level === 'warn' && line.text.includes('upstream server temporarily disabled')) {
      const port = Number(upstream!.split(':')[1]);
      transitions.push({ instance: portToInstance.get(port) ?? upstream!, to: 'down', atS: toScenarioS(line.atMs, t0Ms) });
      continue;
    }
    const reason = nginxReason(line.text);
    if (level === 'error' && reason) {
      lastError.set(Number(id), reason);
      failedAttempts.add(Number(id));
    }
  }
  const label = (id: number, status: Answer['status']) =>
    typeof status === 'number' && status < 400 ? (failedAttempts.has(id) ? RETRIED : '--') : (lastError.get(id) ?? 'no log line');
  return { answers: withLabels(answers, label), transitions: oneDisablePerEpisode(transitions, failTimeoutS) };
}

function withLabels(answers: ClientAnswer[], label: (id: number, status: Answer['status']) => string): Answer[] {
  return answers.map((answer) => ({
    id: answer.id,
    arrivalS: answer.arrivalS,
    status: answer.status,
    label: label(answer.id, answer.status),
    latencyS: answer.latencyS,
    lateS: answer.lateMs / 1000,
  }));
}
