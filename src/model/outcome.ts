// The closed reason taxonomy: every error the balancer itself generates has exactly one reason,
// and the status code is a function of (reason, profile). This table is the one place it lives.

export const REASONS = [
  'NoRegisteredInstances',
  'NoHealthyInstances',
  'ConnectRefused',
  'ConnectTimeout',
  'ResponseTimeout',
  'UpstreamReset',
  'KeepAliveRace',
  'MalformedResponse',
  'SurgeQueueFull',
] as const;

export type Reason = (typeof REASONS)[number];

/**
 * The reasons where an attempt reached for an instance and failed (not the balancer's own refusals
 * nor its queue): what nginx charges a peer for, what Envoy's outlier detection counts as a 5xx.
 */
export const ATTEMPT_FAILURE_REASONS: readonly Reason[] = [
  'ConnectRefused',
  'ConnectTimeout',
  'ResponseTimeout',
  'UpstreamReset',
  'MalformedResponse',
  'KeepAliveRace',
];

export const PROFILE_NAMES = ['aws-clb', 'aws-alb', 'nginx', 'haproxy', 'envoy'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** What one profile does for one reason. `status: null` means it does not answer with an error. */
export interface ReasonAnswer {
  status: number | null;
  /** The balancer's own name for it: a log message, termination state or response flag. */
  label: string;
  /** Behaviour that is not a plain status (fail open, panic routing, retry first). */
  note?: string;
  /** False where the vendor does not document the status and we infer it (see lb-semantics.md). */
  documented: boolean;
  /**
   * With `status` null because the default configuration routes around the reason (ALB fail-open,
   * Envoy panic), the status when an override makes it answer after all.
   */
  statusIfAnswered?: number;
  /** The native label that goes with statusIfAnswered. */
  labelIfAnswered?: string;
}

type ReasonTable = Record<Reason, Record<ProfileName, ReasonAnswer>>;

const yes = (status: number | null, label: string, note?: string): ReasonAnswer =>
  note === undefined ? { status, label, documented: true } : { status, label, note, documented: true };
const inferred = (status: number | null, label: string, note?: string): ReasonAnswer =>
  note === undefined ? { status, label, documented: false } : { status, label, note, documented: false };

/** Sources: shared reference lb-semantics.md §1.2, §2.2, §3.1, §4.2, §5.3 and the master table §6. */
export const REASON_TABLE: ReasonTable = {
  NoRegisteredInstances: {
    'aws-clb': yes(503, 'no registered instances'),
    'aws-alb': yes(503, 'no registered targets'),
    nginx: yes(502, 'no live upstreams'),
    haproxy: yes(503, 'SC <NOSRV>'),
    envoy: yes(503, 'UH no healthy upstream'),
  },
  NoHealthyInstances: {
    'aws-clb': yes(503, 'no healthy instances'),
    // FailOpen false is not an ALB setting: its status is inferred from "no registered targets".
    'aws-alb': { ...yes(null, 'fails open', 'routes to all targets when none is healthy'), statusIfAnswered: 503, labelIfAnswered: 'no healthy targets (fail-open off)' },
    nginx: yes(502, 'no live upstreams'),
    haproxy: yes(503, 'SC <NOSRV>'),
    // The default 50% panic threshold routes to all hosts; with PanicThreshold 0, 503 UH (§3.4).
    envoy: { ...yes(null, 'panics: routes to all hosts', 'below the 50% panic threshold it routes to all hosts; with it at 0: 503 UH'), statusIfAnswered: 503, labelIfAnswered: 'UH no healthy upstream' },
  },
  ConnectRefused: {
    'aws-clb': inferred(503, 'backend connection error', 'CLB retries the connection; the final status is not documented'),
    'aws-alb': yes(502, 'TargetConnectionErrorCount'),
    nginx: yes(502, 'connect() failed (111: Connection refused) while connecting to upstream'),
    haproxy: yes(503, 'SC'),
    envoy: yes(503, 'UF upstream connect error'),
  },
  ConnectTimeout: {
    'aws-clb': inferred(504, 'backend connection timeout', 'not documented by AWS'),
    'aws-alb': yes(504, 'connection timeout (10 s)'),
    nginx: yes(504, 'upstream timed out (110: Connection timed out) while connecting to upstream'),
    haproxy: yes(503, 'sC'),
    envoy: yes(503, 'UF connection failure'),
  },
  ResponseTimeout: {
    'aws-clb': yes(504, 'idle timeout'),
    'aws-alb': yes(504, 'idle timeout'),
    nginx: yes(504, 'upstream timed out (110: Connection timed out) while reading response header from upstream'),
    haproxy: yes(504, 'sH'),
    envoy: yes(504, 'UT upstream request timeout'),
  },
  UpstreamReset: {
    'aws-clb': yes(504, 'instance closed the connection'),
    'aws-alb': yes(502, 'target closed the connection'),
    nginx: yes(502, 'upstream prematurely closed connection while reading response header from upstream'),
    haproxy: yes(502, 'SH'),
    envoy: yes(503, 'UC upstream connection termination'),
  },
  KeepAliveRace: {
    'aws-clb': yes(504, 'instance closed the connection'),
    'aws-alb': yes(502, 'target closed the connection'),
    nginx: inferred(502, 'upstream prematurely closed connection', 'retried once on a cached connection first'),
    haproxy: yes(null, 'silent close', 'closes the client connection without a status'),
    envoy: yes(503, 'UC upstream connection termination'),
  },
  MalformedResponse: {
    'aws-clb': yes(502, 'unable to parse the response'),
    'aws-alb': yes(502, 'malformed response'),
    nginx: yes(502, 'upstream sent invalid header'),
    haproxy: yes(502, 'PH'),
    envoy: yes(502, 'UPE upstream protocol error'),
  },
  SurgeQueueFull: {
    'aws-clb': yes(503, 'surge queue full (SpilloverCount)'),
    'aws-alb': yes(null, 'connection rejected', 'RejectedConnectionCount'),
    nginx: yes(null, 'no equivalent', 'max_conns on every peer gives 502 no live upstreams'),
    haproxy: yes(503, 'sQ'),
    envoy: yes(503, 'UO upstream overflow'),
  },
};

/** One line per reason for reports: what the balancer saw. */
export const REASON_SUMMARY: Record<Reason, string> = {
  NoRegisteredInstances: 'no instance registered',
  NoHealthyInstances: 'no InService instance',
  ConnectRefused: 'the last instance tried refused the connection',
  ConnectTimeout: 'the connection to the instance never completed',
  ResponseTimeout: 'no response within the idle timeout',
  UpstreamReset: 'the instance closed the connection before answering',
  KeepAliveRace: 'request sent on a keep-alive connection the instance had just closed',
  MalformedResponse: 'the instance sent a response the balancer could not parse',
  SurgeQueueFull: 'the surge queue was full',
};

/** The native label for the answer the profile gives when the reason happens to it. */
export function labelFor(reason: Reason, profile: ProfileName): string {
  const answer = REASON_TABLE[reason][profile];
  return answer.status === null && answer.labelIfAnswered !== undefined ? answer.labelIfAnswered : answer.label;
}

/** REASON_SUMMARY in the profile's own words: its name for the response timeout (nginx's proxy_read_timeout). */
export function reasonSummary(reason: Reason, responseTimeoutName: string): string {
  return reason === 'ResponseTimeout' ? `no response within the ${responseTimeoutName}` : REASON_SUMMARY[reason];
}

/** The status the profile answers when the reason happens to it (null: no status, a silent close). */
export function statusFor(reason: Reason, profile: ProfileName): number | null {
  const answer = REASON_TABLE[reason][profile];
  return answer.status ?? answer.statusIfAnswered ?? null;
}

/** "nginx would answer 502; ALB fails open" style comparison for the other profiles. */
export function otherProfiles(reason: Reason, profile: ProfileName): Array<{ profile: ProfileName; answer: ReasonAnswer }> {
  return PROFILE_NAMES.filter((name) => name !== profile).map((name) => ({ profile: name, answer: REASON_TABLE[reason][name] }));
}

/** Status per other profile: null where it answers no error status (fails open, panics, silent close). */
export function otherProfileStatuses(reason: Reason, profile: ProfileName): Partial<Record<ProfileName, number | null>> {
  const statuses: Partial<Record<ProfileName, number | null>> = {};
  for (const other of otherProfiles(reason, profile)) statuses[other.profile] = other.answer.status;
  return statuses;
}
