// Runs work units (scenario × seed) on worker threads, one unit per message, and always terminates
// the workers. Works from dist/ (plain .js workers) and from the TypeScript sources under tsx or vitest.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UnitEvaluator, type UnitOutcome, type UnitSource, type UnitTask } from './unit-eval.js';

export interface WorkerRequest {
  id: number;
  task: UnitTask;
}

export type WorkerReply = { id: number; outcome: UnitOutcome } | { id: number; error: string };

export interface PoolOptions {
  /** Worker threads to use; 1 runs every unit on the main thread. */
  jobs: number;
  onProgress?: (done: number, total: number) => void;
}

export const defaultJobs = (): number => availableParallelism();

/** The outcome of every task, in task order (whatever order the threads finished them in). */
export async function runUnits(sources: readonly UnitSource[], tasks: readonly UnitTask[], options: PoolOptions): Promise<UnitOutcome[]> {
  const jobs = Math.max(1, Math.min(options.jobs, tasks.length));
  if (tasks.length === 0) return [];
  if (jobs === 1) return runInline(sources, tasks, options);
  const workers: Worker[] = [];
  try {
    return await new Promise<UnitOutcome[]>((resolve, reject) => {
      const outcomes: UnitOutcome[] = new Array<UnitOutcome>(tasks.length);
      let next = 0;
      let done = 0;
      const feed = (worker: Worker) => {
        if (next < tasks.length) worker.postMessage({ id: next, task: tasks[next++]! } satisfies WorkerRequest);
      };
      for (let i = 0; i < jobs; i++) {
        const worker = startWorker(sources);
        workers.push(worker);
        worker.on('message', (reply: WorkerReply) => {
          if ('error' in reply) return reject(new Error(`unit ${describeTask(sources, tasks[reply.id])} failed in a worker thread: ${reply.error}`));
          outcomes[reply.id] = reply.outcome;
          done++;
          options.onProgress?.(done, tasks.length);
          if (done === tasks.length) resolve(outcomes);
          else feed(worker);
        });
        worker.on('error', reject);
        // After a resolve or reject this is a no-op: terminate() below makes every worker exit.
        worker.on('exit', (code) => reject(new Error(`a worker thread exited early (exit code ${code})`)));
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function runInline(sources: readonly UnitSource[], tasks: readonly UnitTask[], options: PoolOptions): Promise<UnitOutcome[]> {
  const evaluator = new UnitEvaluator(sources);
  const outcomes: UnitOutcome[] = [];
  for (const [i, task] of tasks.entries()) {
    outcomes.push(await evaluator.evaluate(task));
    options.onProgress?.(i + 1, tasks.length);
  }
  return outcomes;
}

function describeTask(sources: readonly UnitSource[], task: UnitTask | undefined): string {
  return task === undefined ? '?' : `${sources[task.source]?.file ?? '?'} seed ${task.seed}`;
}

/**
 * The worker file sits next to this module: unit-worker.js in dist/, unit-worker.ts in the sources.
 * Node 20 does not carry tsx's loader into worker threads (not even with `--import tsx` in
 * execArgv), so for a .ts worker a small bootstrap loads it through tsx's own API.
 */
function startWorker(sources: readonly UnitSource[]): Worker {
  const here = import.meta.url;
  const workerData = { sources };
  if (!here.endsWith('.ts')) return new Worker(new URL('./unit-worker.js', here), { workerData });
  const entry = new URL('./unit-worker.ts', here).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  // No inherited execArgv: the tsx command line's own preload hangs a worker thread on Node 20.
  return new Worker(bootstrap, { eval: true, workerData, execArgv: [] });
}
