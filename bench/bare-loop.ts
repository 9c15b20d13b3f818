// The bare reference loop: rr-100x10k's queueing (Poisson arrivals, round-robin over
// single-worker FIFO queues, exponential service) as the smallest event loop we can write over
// typed arrays. It is the throughput ceiling the full simulator is measured against.

import seedrandom from 'seedrandom';

export interface BareLoopParams {
  seed: number;
  durationMs: number;
  instanceCount: number;
  ratePerS: number;
  meanServiceMs: number;
}

export interface BareLoopResult {
  arrivals: number;
  completed: number;
  meanLatencyMs: number;
  eventsExecuted: number;
}

const ARRIVAL = -1;
const INITIAL_QUEUE_CAPACITY = 64;

// Style exception (functions ≤ 70 lines): the reference must stay the fastest single-function loop we can write; split into closures it could slow down and flatter our ratio.
export function runBareLoop(params: BareLoopParams): BareLoopResult {
  const { seed, durationMs, instanceCount, meanServiceMs } = params;
  const meanGapMs = 1000 / params.ratePerS;
  // Same generator and the same seed texts as the simulator's streams, so RNG cost is equal
  // (and, with today's stream naming, the sample path is the same one).
  const trafficRng = seedrandom.alea(`lbsim:${seed}:traffic`);
  const serviceRngs = Array.from({ length: instanceCount }, (_, i) => seedrandom.alea(`lbsim:${seed}:instance/i-${i + 1}`));

  // Event heap keyed by time only. At most one arrival plus one completion per instance is ever
  // pending, so its capacity is fixed.
  const heapCapacity = instanceCount + 1;
  const heapAtMs = new Float64Array(heapCapacity);
  const heapPayload = new Int32Array(heapCapacity);
  let heapSize = 0;

  const push = (atMs: number, payload: number): void => {
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapAtMs[parent]! <= atMs) break;
      heapAtMs[i] = heapAtMs[parent]!;
      heapPayload[i] = heapPayload[parent]!;
      i = parent;
    }
    heapAtMs[i] = atMs;
    heapPayload[i] = payload;
  };

  /** Removes the root; the caller has read it already. */
  const popRoot = (): void => {
    const last = --heapSize;
    if (last === 0) return;
    const atMs = heapAtMs[last]!;
    const payload = heapPayload[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && heapAtMs[child + 1]! < heapAtMs[child]!) child++;
      if (atMs <= heapAtMs[child]!) break;
      heapAtMs[i] = heapAtMs[child]!;
      heapPayload[i] = heapPayload[child]!;
      i = child;
    }
    heapAtMs[i] = atMs;
    heapPayload[i] = payload;
  };

  // Per-instance FIFO rings of arrival times in one buffer; the head is the job in service.
  let queueCapacity = INITIAL_QUEUE_CAPACITY;
  let queueMask = queueCapacity - 1;
  let queueArrivalMs = new Float64Array(instanceCount * queueCapacity);
  const queueHead = new Int32Array(instanceCount);
  const queueLength = new Int32Array(instanceCount);

  const growQueues = (): void => {
    const capacity = queueCapacity * 2;
    const grown = new Float64Array(instanceCount * capacity);
    for (let q = 0; q < instanceCount; q++) {
      for (let k = 0; k < queueLength[q]!; k++) {
        grown[q * capacity + k] = queueArrivalMs[q * queueCapacity + ((queueHead[q]! + k) & queueMask)]!;
      }
      queueHead[q] = 0;
    }
    queueArrivalMs = grown;
    queueCapacity = capacity;
    queueMask = capacity - 1;
  };

  let arrivals = 0;
  let completed = 0;
  let latencySumMs = 0;
  let eventsExecuted = 0;
  let nextInstance = 0;

  push(-Math.log(1 - trafficRng()) * meanGapMs, ARRIVAL);
  while (heapSize > 0 && heapAtMs[0]! <= durationMs) {
    const nowMs = heapAtMs[0]!;
    const payload = heapPayload[0]!;
    popRoot();
    eventsExecuted++;
    if (payload === ARRIVAL) {
      arrivals++;
      push(nowMs - Math.log(1 - trafficRng()) * meanGapMs, ARRIVAL);
      const q = nextInstance;
      nextInstance = q + 1 === instanceCount ? 0 : q + 1;
      if (queueLength[q] === queueCapacity) growQueues();
      queueArrivalMs[q * queueCapacity + ((queueHead[q]! + queueLength[q]!) & queueMask)] = nowMs;
      if (queueLength[q]!++ === 0) push(nowMs - Math.log(1 - serviceRngs[q]!()) * meanServiceMs, q);
    } else {
      const q = payload;
      latencySumMs += nowMs - queueArrivalMs[q * queueCapacity + queueHead[q]!]!;
      completed++;
      queueHead[q] = (queueHead[q]! + 1) & queueMask;
      if (--queueLength[q]! > 0) push(nowMs - Math.log(1 - serviceRngs[q]!()) * meanServiceMs, q);
    }
  }
  return { arrivals, completed, meanLatencyMs: completed > 0 ? latencySumMs / completed : 0, eventsExecuted };
}
