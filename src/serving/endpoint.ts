// Talking to `mlflow models serve` (plain Node, no vscode): a free port to start it on, waiting
// for `/ping`, and posting a request to `/invocations` with its timing, status and body.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `mlflow models serve` arguments (after the `mlflow` argv prefix). */
export function serveArgs(modelUri: string, port: number, envManager: string): string[] {
  return ['models', 'serve', '-m', modelUri, '-p', String(port), '-h', '127.0.0.1', '--env-manager', envManager];
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Aborted when the server's process ends: waiting longer is pointless. */
  readonly signal?: AbortSignal;
}

/** Resolves once `/ping` answers 200; rejects on timeout or abort. */
export async function waitForPing(baseUrl: string, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) throw new Error('The model server stopped before it answered /ping.');
    try {
      const response = await fetch(`${baseUrl}/ping`, { signal: AbortSignal.timeout(Math.max(1, Math.min(5_000, deadline - Date.now()))) });
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // Not listening yet (or busy loading the model): ask again.
    }
    if (Date.now() >= deadline) throw new Error(`The model server did not answer /ping within ${Math.round(options.timeoutMs / 1000)} s.`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 500));
  }
}

export interface InvocationResult {
  /** HTTP status; undefined when no answer came (connection refused, timeout). */
  readonly status?: number;
  readonly elapsedMs: number;
  readonly contentType?: string;
  readonly body: string;
  /** The body parsed, when it is JSON. */
  readonly json?: unknown;
  /** What went wrong, in words: an HTTP error, a non-JSON answer, a timeout. */
  readonly error?: string;
}

export async function invoke(baseUrl: string, body: string, timeoutMs: number): Promise<InvocationResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(`${baseUrl}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? undefined;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const error = !response.ok
      ? `The server answered ${response.status} ${response.statusText}${messageOf(json) ? `: ${messageOf(json)}` : ''}`
      : json === undefined
        ? `The server answered ${contentType ?? 'without a content type'}, not JSON`
        : undefined;
    return { status: response.status, elapsedMs: elapsed(), contentType, body: text, json, error };
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
    return { elapsedMs: elapsed(), body: '', error: timedOut ? `No answer within ${Math.round(timeoutMs / 1000)} s` : `Could not reach ${baseUrl}: ${(cause as Error).cause ?? (cause as Error).message}` };
  }
}

/** MLflow's scoring server puts its reason in `message` (with `error_code`). */
function messageOf(json: unknown): string | undefined {
  return typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string' ? (json as { message: string }).message : undefined;
}

/** The response as the panel shows it: the outcome and timing, then the body (pretty when JSON). */
export function describeInvocation(request: string, result: InvocationResult): string {
  const head = result.error ? `Error: ${result.error}` : `${result.status} OK`;
  const body = result.json !== undefined ? JSON.stringify(result.json, null, 2) : result.body;
  return [`${head} — ${result.elapsedMs} ms`, '', '## Response', body || '(empty)', '', '## Request', request].join('\n');
}
