/**
 * The host side of the worker: typed calls, cancellation, and restarts. A worker that dies
 * (a bug, an out-of-memory abort) fails the calls it was running with a clear error; the next
 * call starts a new one and reopens the store.
 */
import { Worker } from 'node:worker_threads';
import { StoreError } from '../errors';
import type { OpArgs, OpName, OpResult, SchemaSummary, WorkerRequest, WorkerResponse } from './protocol';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  cleanup(): void;
}

const cancelled = () => new StoreError('CANCELLED', 'The request was cancelled.');

export class WorkerClient {
  private worker?: Worker;
  private opening?: Promise<SchemaSummary>;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly workerPath: string,
    private readonly dbPath: string,
  ) {}

  /** Starts the worker and opens the store; repeated calls share one opening. */
  open(): Promise<SchemaSummary> {
    if (this.closed) return Promise.reject(new StoreError('CANCELLED', `The store ${this.dbPath} was closed.`));
    if (!this.opening) {
      let worker: Worker;
      try {
        worker = this.start();
      } catch (error) {
        return Promise.reject(new StoreError('INTERNAL', `Cannot start the SQLite reader (${this.workerPath}): ${String(error)}`));
      }
      const opening = this.send(worker, 'open', { dbPath: this.dbPath });
      this.opening = opening;
      opening.catch(() => {
        // Opening failed (file missing, not a store...): the next call tries again from scratch.
        if (this.opening === opening) this.stop();
      });
    }
    return this.opening;
  }

  async call<K extends OpName>(op: K, args: OpArgs<K>, signal?: AbortSignal): Promise<OpResult<K>> {
    if (signal?.aborted) throw cancelled();
    await this.open();
    if (signal?.aborted) throw cancelled();
    const worker = this.worker;
    if (!worker) throw new StoreError('CANCELLED', `The store ${this.dbPath} was closed.`);
    return this.send(worker, op, args, signal);
  }

  async dispose(): Promise<void> {
    this.closed = true;
    this.rejectAll(new StoreError('CANCELLED', `The store ${this.dbPath} was closed.`));
    await this.stop();
  }

  private start(): Worker {
    const worker = new Worker(this.workerPath);
    this.worker = worker;
    let failure: unknown;
    worker.on('message', (response: WorkerResponse) => this.receive(response));
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.opening = undefined;
      const why = failure ? String((failure as Error).message ?? failure) : `exit code ${code}`;
      this.rejectAll(
        new StoreError(
          'INTERNAL',
          `The SQLite reader for ${this.dbPath} stopped unexpectedly (${why}); the request was not completed. Try again: the reader restarts on the next request.`,
          (failure as Error | undefined)?.stack,
        ),
      );
    });
    worker.unref();
    return worker;
  }

  private async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.opening = undefined;
    await worker?.terminate();
  }

  private send<K extends OpName>(worker: Worker, op: K, args: OpArgs<K>, signal?: AbortSignal): Promise<OpResult<K>> {
    const id = this.nextId++;
    return new Promise<OpResult<K>>((resolve, reject) => {
      // The worker may still finish the query; its answer then finds no pending call and is dropped.
      const onAbort = () => {
        this.settle(id)?.reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      });
      this.updateRef();
      worker.postMessage({ id, op, args } as WorkerRequest);
    });
  }

  private receive(response: WorkerResponse): void {
    const pending = this.settle(response.id);
    if (!pending) return;
    if (response.ok) {
      pending.resolve(response.result);
    } else {
      pending.reject(new StoreError(response.error.code, response.error.message, response.error.detail));
    }
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    if (!pending) return undefined;
    this.pending.delete(id);
    pending.cleanup();
    this.updateRef();
    return pending;
  }

  private rejectAll(error: StoreError): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(error);
  }

  /** An idle worker must not keep the process (a test runner, a CLI) alive. */
  private updateRef(): void {
    if (this.pending.size > 0) this.worker?.ref();
    else this.worker?.unref();
  }
}
