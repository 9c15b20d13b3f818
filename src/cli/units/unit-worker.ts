// A worker thread of the unit pool: evaluates the units the main thread sends, one at a time,
// and answers each with its numbers or with the error that stopped it.

import { parentPort, workerData } from 'node:worker_threads';
import { UnitEvaluator, type UnitSource, type UnitTask } from './unit-eval.js';
import type { WorkerReply, WorkerRequest } from './unit-pool.js';

const port = parentPort;
if (port === null) throw new Error('unit-worker.ts runs only as a worker thread');
const evaluator = new UnitEvaluator((workerData as { sources: UnitSource[] }).sources);

port.on('message', (request: WorkerRequest) => {
  // The pool sends the next unit only after this one's reply, so units never overlap.
  evaluator.evaluate(request.task satisfies UnitTask).then(
    (outcome): void => port.postMessage({ id: request.id, outcome } satisfies WorkerReply),
    (error: unknown): void => port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply),
  );
});
