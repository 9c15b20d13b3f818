// The lesson-mechanism table: for each lesson in scenarios/, what it teaches, an edit to a copy of
// its JSON that takes that away, and the Expect entries that must then fail (docs/testing.md).

export type Lesson = Record<string, any>;

export interface Mechanism {
  lesson: string;
  /** What the lesson teaches that the change takes away. */
  mechanism: string;
  /** The change, in the file's own words. */
  change: string;
  /** Makes that change to a copy of the lesson's JSON. */
  disable: (lesson: Lesson) => void;
  /** Expect entries (by Name, else Metric) that must fail without the mechanism. */
  fails: string[];
}

const withoutFault = (fault: string) => (lesson: Lesson) => (lesson['Events'] = lesson['Events'].filter((e: Lesson) => e['Fault'] !== fault));
/** Profile keys over the lesson's profile (a file with Config merges them over the imported one). */
const profile = (base: string, over: Lesson) => (lesson: Lesson) => (lesson['Profile'] = { Base: base, ...over });
const attributes = (lesson: Lesson): Lesson => (lesson['LoadBalancerAttributes'] ??= {});
const draining = (enabled: boolean) => (lesson: Lesson) => (attributes(lesson)['ConnectionDraining'] = { ...attributes(lesson)['ConnectionDraining'], Enabled: enabled });
const idleTimeout = (seconds: number) => (lesson: Lesson) => (attributes(lesson)['ConnectionSettings'] = { IdleTimeout: seconds });
const healthCheck = (key: string, value: unknown) => (lesson: Lesson) => (lesson['HealthCheck'][key] = value);
const keepAlive = (timeout: string) => (lesson: Lesson) => lesson['Instances'].forEach((entry: Lesson) => (entry['KeepAliveTimeout'] = timeout));
/** nginx's proxy_next_upstream without `timeout`: `error` only. */
const NEXT_UPSTREAM_ERROR = ['ConnectRefused', 'ConnectTimeout', 'UpstreamReset', 'KeepAliveRace'];
const retryOn = (reasons: string[]) => (lesson: Lesson) => (lesson['Balancing'] = { ...lesson['Balancing'], RetryOn: reasons });

const NO_HEALTHY_15S = 'none InService for 15s+ at 100 req/s: a queue to drain, then 3 passes 10s apart';
const SLOW_TAIL = 'the slow tail: p99 near 0.4s x ln 8 = 0.85s (80ms x ln 100 = 0.37s without)';
const CRASH_DETECTED = '2 refused checks 10s apart take i-1 out in (2m10s, 2m20s]';

export const MECHANISMS: Mechanism[] = [
  { lesson: 'alb-target-group-hang', mechanism: 'CheckoutA hangs', change: 'no hang event', disable: withoutFault('hang'),
    fails: ['requests routed to CheckoutA before detection time out', "each waited the template's 20s idle timeout"] },
  { lesson: 'alb-target-group-hang', mechanism: "the template's 20 s idle timeout", change: 'IdleTimeout 60', disable: idleTimeout(60),
    fails: ["each waited the template's 20s idle timeout"] },
  { lesson: 'all-unhealthy-alb-fails-open', mechanism: 'ALB fails open', change: 'Profile {Base aws-alb, FailOpen false}', disable: profile('aws-alb', { FailOpen: false }),
    fails: ['clients never got an error from the balancer', 'no 503 for lack of healthy targets'] },
  { lesson: 'all-unhealthy-envoy-panic', mechanism: "Envoy's 50% panic threshold", change: 'PanicThreshold 0', disable: profile('envoy', { PanicThreshold: 0 }),
    fails: ['panic keeps routing to the dead hosts', 'the healthy host got only its quarter'] },
  { lesson: 'all-unhealthy-nginx-no-live-upstreams', mechanism: 'max_fails=1 disables each failing server', change: 'MaxFails 0', disable: profile('nginx', { MaxFails: 0 }),
    fails: ["nginx's answer with every server disabled", 'no live upstreams for most of the outage'] },
  { lesson: 'blackhole-connect-timeout', mechanism: 'the blackholes', change: 'no blackhole events', disable: withoutFault('blackhole'),
    fails: ['a retry or a connect timeout costs 10s', 'no instance left to retry on: ConnectTimeout'] },
  { lesson: 'blackhole-connect-timeout', mechanism: 'CLB retries a failed connection elsewhere', change: 'Profile RetryOn []', disable: profile('aws-clb', { RetryOn: [] }),
    fails: ['connections to i-1 are retried on i-2, not surfaced'] },
  { lesson: 'crash-caught-by-health-checks', mechanism: 'the crash', change: 'no crash event', disable: withoutFault('crash'),
    fails: ['in-flight requests are cut', CRASH_DETECTED] },
  { lesson: 'crash-caught-by-health-checks', mechanism: 'health checks 10 s apart catch it', change: 'Interval 300 (never two checks in the 2 min crash)', disable: healthCheck('Interval', 300),
    fails: [CRASH_DETECTED, 'taken out once, back after three passes'] },
  { lesson: 'crash-caught-by-health-checks', mechanism: 'CLB retries a refused connection', change: 'Profile RetryOn []', disable: profile('aws-clb', { RetryOn: [] }),
    fails: ['refused connections are retried, never surfaced'] },
  { lesson: 'cross-zone-off-one-zone-down', mechanism: 'cross-zone load balancing off', change: 'CrossZoneLoadBalancing Enabled true', disable: (l) => (attributes(l)['CrossZoneLoadBalancing'] = { Enabled: true }),
    fails: ['the us-east-1b node answers 503', 'about half the requests of the outage get it'] },
  { lesson: 'deploy-with-draining', mechanism: 'connection draining on', change: 'ConnectionDraining Enabled false', disable: draining(false),
    fails: ['draining lets requests in flight finish'] },
  { lesson: 'deploy-without-draining', mechanism: 'connection draining off', change: 'ConnectionDraining Enabled true', disable: draining(true),
    fails: ['each batch cuts the requests in flight', 'one incident per batch'] },
  { lesson: 'deregister-without-draining', mechanism: 'connection draining off', change: 'ConnectionDraining Enabled true', disable: draining(true),
    fails: ['requests in flight on i-1 are cut'] },
  { lesson: 'envoy-outlier-catches-a-lying-host', mechanism: 'outlier detection', change: 'Profile OutlierDetection false', disable: profile('envoy', { OutlierDetection: false }),
    fails: ['clients see a few 500s per ejection round, not a third of 3 minutes of traffic (1,800)'] },
  { lesson: 'flapping-instance', mechanism: 'HealthyThreshold 2 lets it back between crashes', change: 'HealthyThreshold 10', disable: healthCheck('HealthyThreshold', 10),
    fails: ['one incident per crash: each flap costs requests again', "the balancer's view flaps with the instance"] },
  { lesson: 'hang-vs-idle-timeout', mechanism: 'the 60 s idle timeout', change: 'IdleTimeout 10', disable: idleTimeout(10),
    fails: ['each waited the full 60s idle timeout', 'the first 504 comes one idle timeout after the hang'] },
  { lesson: 'hang-vs-idle-timeout', mechanism: 'the hang', change: 'no hang event', disable: withoutFault('hang'),
    fails: ['requests sent before detection time out', 'i-1 was taken out of service and came back'] },
  { lesson: 'haproxy-cfg-crash-and-hang', mechanism: 'option redispatch', change: 'Profile Redispatch false', disable: profile('haproxy', { Redispatch: false }),
    fails: ['redispatch hides the crash: no refused connection reaches a client'] },
  { lesson: 'haproxy-cfg-crash-and-hang', mechanism: 'app3 hangs', change: 'no hang event', disable: withoutFault('hang'),
    fails: ['requests sent to the hung app3 before DOWN get 504 after timeout server', 'each 504 waited the 10s timeout server'] },
  { lesson: 'health-endpoint-lies', mechanism: 'the health endpoint lies', change: 'Fault errors (the health path fails too)', disable: (l) => (l['Events'][0]['Fault'] = 'errors'),
    fails: ['clients got 503s from the instance', 'i-1 was never taken out of service'] },
  { lesson: 'keep-alive-race-fixed', mechanism: 'keep-alive 65 s above the 60 s idle timeout', change: 'KeepAliveTimeout 5s', disable: keepAlive('5s'),
    fails: ['no request races a close', 'no gateway error at all'] },
  { lesson: 'keep-alive-race', mechanism: "Node's 5 s keep-alive below the 60 s idle timeout", change: 'KeepAliveTimeout 65s', disable: keepAlive('65s'),
    fails: ["requests race Node's close of idle connections", 'a Classic ELB answers 504 for it'] },
  { lesson: 'malformed-response-502', mechanism: 'the malformed responses', change: 'no malformed event', disable: withoutFault('malformed'),
    fails: ['the balancer answers 502 for unparsable responses', 'gatewayErrors.byReason.MalformedResponse.count'] },
  { lesson: 'malformed-response-502', mechanism: 'UnhealthyThreshold 3 keeps i-2 in', change: 'UnhealthyThreshold 2', disable: healthCheck('UnhealthyThreshold', 2),
    fails: ['i-2 stays in service (3 malformed probes in a row: 1 seed in 7, not this one)'] },
  { lesson: 'nginx-conf-hang-and-malformed', mechanism: 'proxy_next_upstream timeout retries the hang away', change: 'RetryOn without ResponseTimeout', disable: retryOn(NEXT_UPSTREAM_ERROR),
    fails: ['the hang is retried away: no client gets a timeout'] },
  { lesson: 'nginx-conf-hang-and-malformed', mechanism: 'invalid_header is not retried', change: 'RetryOn with MalformedResponse', disable: retryOn(['ResponseTimeout', ...NEXT_UPSTREAM_ERROR, 'MalformedResponse']),
    fails: ['malformed answers are not retried by default: 502'] },
  { lesson: 'overload-health-checks-time-out', mechanism: 'health checks wait in the overloaded queue', change: 'Target TCP:80 (a TCP check takes no worker)', disable: healthCheck('Target', 'TCP:80'),
    fails: [NO_HEALTHY_15S, 'web-1 is taken out', 'web-2 is taken out too'] },
  { lesson: 'overload-health-checks-time-out', mechanism: 'the traffic surge', change: 'no Traffic Pattern', disable: (l) => delete l['Traffic']['Pattern'],
    fails: [NO_HEALTHY_15S, 'web-1 is taken out', 'web-2 is taken out too'] },
  { lesson: 'retries-amplify-load', mechanism: 'proxy_next_upstream timeout resends timed-out requests', change: 'RetryOn without ResponseTimeout', disable: retryOn(NEXT_UPSTREAM_ERROR),
    fails: ['timeouts go on long after the dip', 'nothing succeeds after 2m'] },
  { lesson: 'seed-elb-health-check', mechanism: 'both instances hang', change: 'no hang event', disable: withoutFault('hang'),
    fails: ['requests sent before detection time out', 'a Classic ELB answers 503 when nothing is InService'] },
  { lesson: 'slow-instance-raises-latency', mechanism: 'i-2 five times slower', change: 'no slow event', disable: withoutFault('slow'),
    fails: [SLOW_TAIL, 'least-outstanding sends slow i-2 ~8,000 of 24,000, not half'] },
];
