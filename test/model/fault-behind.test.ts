// Which fault a gateway error is blamed on when the balancer does not name the cause itself, by the
// reason taxonomy (DESIGN.md, lb-semantics.md): a refusal is a crash's doing first, then a full
// backlog's (hang, slow, overload); a connect timeout a blackhole's; a response timeout a hang's
// first; a keep-alive race is a setting, never a fault. Fault 0 is a real fault, not "none".
import { describe, expect, it } from 'vitest';
import type { FaultKind } from '../../src/model/faults/fault.js';
import { faultBehindOn, oldestFirst } from '../../src/model/faults/fault-behind.js';
import type { Reason } from '../../src/model/outcome.js';
import { fault } from '../helpers/setup.js';

/** An instance with these faults in force, each kind's oldest event index given. */
const withFaults = (oldest: Partial<Record<FaultKind, number>>) => ({ oldestFault: (kind: FaultKind) => oldest[kind] ?? null });

const blame = (reason: Reason, oldest: Partial<Record<FaultKind, number>>) => faultBehindOn(reason, withFaults(oldest));

describe('the fault behind a reason', () => {
  it('ConnectRefused: the crash first, then what fills the backlog (hang, slow, overload)', () => {
    expect(blame('ConnectRefused', { crash: 3, hang: 1, slow: 2, overload: 4 })).toBe(3);
    expect(blame('ConnectRefused', { crash: 0, hang: 2 })).toBe(0);
    expect(blame('ConnectRefused', { hang: 5, slow: 2, overload: 4 })).toBe(5);
    expect(blame('ConnectRefused', { slow: 6, overload: 4 })).toBe(6);
    expect(blame('ConnectRefused', { overload: 4, blackhole: 1 })).toBe(4);
    expect(blame('ConnectRefused', { blackhole: 1, errors: 2 })).toBeNull();
  });

  it('UpstreamReset: a crash, else a reset fault', () => {
    expect(blame('UpstreamReset', { crash: 2, reset: 1 })).toBe(2);
    expect(blame('UpstreamReset', { reset: 1, hang: 3 })).toBe(1);
    expect(blame('UpstreamReset', { hang: 3 })).toBeNull();
  });

  it('MalformedResponse: only a malformed fault', () => {
    expect(blame('MalformedResponse', { malformed: 2, crash: 1 })).toBe(2);
    expect(blame('MalformedResponse', { crash: 1 })).toBeNull();
  });

  it('ConnectTimeout: only a blackhole (a hung process still accepts connections)', () => {
    expect(blame('ConnectTimeout', { blackhole: 4, hang: 1 })).toBe(4);
    expect(blame('ConnectTimeout', { hang: 1, crash: 2 })).toBeNull();
  });

  it('ResponseTimeout: a hang first, then a blackhole, a slow or an overloaded instance', () => {
    expect(blame('ResponseTimeout', { hang: 3, blackhole: 1, slow: 2, overload: 4 })).toBe(3);
    expect(blame('ResponseTimeout', { blackhole: 1, slow: 2, overload: 4 })).toBe(1);
    expect(blame('ResponseTimeout', { slow: 2, overload: 4 })).toBe(2);
    expect(blame('ResponseTimeout', { overload: 4, crash: 5 })).toBe(4);
    expect(blame('ResponseTimeout', { crash: 5 })).toBeNull();
  });

  it('KeepAliveRace and the reasons the balancer names itself blame no fault, whatever is in force', () => {
    const everything = { crash: 1, hang: 2, slow: 3, overload: 4, blackhole: 5, reset: 6, malformed: 7, errors: 8 };
    for (const reason of ['KeepAliveRace', 'NoHealthyInstances', 'NoRegisteredInstances', 'SurgeQueueFull'] as const) {
      expect(blame(reason, everything), reason).toBeNull();
    }
  });
});

describe('oldestFirst', () => {
  it('orders fault indexes by start time, ties by index, each once', () => {
    const events = [fault(0, 30_000, 'hang', ['i-1']), fault(1, 10_000, 'slow', ['i-1']), fault(2, 10_000, 'crash', ['i-1']), fault(3, 5_000, 'hang', ['i-2'])];
    expect(oldestFirst([2, 0, 1, 2], events)).toEqual([1, 2, 0]);
    expect(oldestFirst(new Set([0, 3]), events)).toEqual([3, 0]);
  });
});
