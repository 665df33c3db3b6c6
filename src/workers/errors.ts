// How a worker's failure reaches the pipeline: one Error type naming the worker, whatever went wrong in it.

/** What a worker thread reports when `handleEvents` throws: the fields of the thrown error. */
export interface ThrownInWorker {
  name: string;
  message: string;
  stack: string | undefined;
  code: unknown;
}

/**
 * A worker of a `workers()` stage failed: `handleEvents` threw, the thread exited, ran out of memory, or its
 * module could not load. `worker` names the thread (`<stage>#<index>`); for a throw, `stack` is the worker's.
 */
export class WorkerError extends Error {
  override name = 'WorkerError';
  /** The failed worker: `<stage name>#<1-based index>`. */
  readonly worker: string;
  /** Node's error code when there is one (`ERR_WORKER_OUT_OF_MEMORY`, or the thrown error's own `code`). */
  readonly code: string | undefined;

  constructor(worker: string, message: string, options: { cause?: unknown; code?: unknown; stack?: string } = {}) {
    super(`worker ${worker}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.worker = worker;
    this.code = typeof options.code === 'string' ? options.code : undefined;
    // The worker's own frames say where the failure happened; this thread's frames only show message passing.
    if (options.stack !== undefined) this.stack = `${this.name}: ${this.message}\n${framesOf(options.stack)}`;
  }
}

/** The error `handleEvents` threw in worker `worker`, rebuilt on this side. */
export function thrownError(worker: string, thrown: ThrownInWorker): WorkerError {
  const cause = new Error(thrown.message);
  cause.name = thrown.name;
  if (thrown.stack !== undefined) cause.stack = thrown.stack;
  const message = `handleEvents threw ${thrown.name}: ${thrown.message}`;
  return new WorkerError(worker, message, { cause, code: thrown.code, stack: thrown.stack ?? '' });
}

/** The thread stopped on its own: an uncaught error, a failed module load, memory, or process.exit(). */
export function crashError(worker: string, error: unknown): WorkerError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return new WorkerError(worker, 'ran out of memory (its resourceLimits were reached) and was stopped', {
      cause: error,
      code,
    });
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return new WorkerError(worker, `crashed with ${text}`, { cause: error, code, ...(stack ? { stack } : {}) });
}

export function exitError(worker: string, code: number): WorkerError {
  return new WorkerError(worker, `exited with code ${code} while the pipeline was running`);
}

function framesOf(stack: string): string {
  const lines = stack.split('\n');
  const first = lines.findIndex((line) => /^\s+at /.test(line));
  return first < 0 ? '' : lines.slice(first).join('\n');
}
