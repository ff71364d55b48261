/**
 * Turning what a server answered into a StoreError a user can act on. Bodies may be MLflow's
 * JSON, an HTML error page, plain text from a proxy, or nothing; none of them is trusted to be
 * JSON, and none of them can put credentials into a message (the request's headers never reach
 * this code, and the URL shown has no user info).
 */
import { StoreError, type StoreErrorCode } from '../errors';

const REASONS: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error',
  502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

const MAX_TEXT = 300;

/** A failed exchange with a tracking server; `mlflowErrorCode` is MLflow's `error_code` when sent. */
export class RestError extends StoreError {
  constructor(
    code: StoreErrorCode,
    message: string,
    readonly status: number | undefined,
    readonly endpoint: string,
    readonly mlflowErrorCode?: string,
    detail?: string,
  ) {
    super(code, message, detail);
  }
}

/** The endpoint as users read it in messages: `runs/search`, `get-artifact`. */
export function endpointName(path: string): string {
  return path.replace(/^\/(ajax-)?api\/\d+\.\d+\/mlflow(-artifacts)?\//, '').replace(/^\//, '');
}

interface MlflowErrorBody {
  error_code?: unknown;
  message?: unknown;
}

/** What an error body says, as one line: MLflow's code and message, an HTML title, or text. */
export function describeBody(body: string, contentType: string | null): { text?: string; errorCode?: string } {
  const trimmed = body.trim();
  if (!trimmed) return {};
  if (/json/i.test(contentType ?? '') || trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as MlflowErrorBody;
      const errorCode = typeof parsed.error_code === 'string' ? parsed.error_code : undefined;
      const message = typeof parsed.message === 'string' ? parsed.message : undefined;
      if (errorCode || message) return { errorCode, text: clip([errorCode, message].filter(Boolean).join(': ')) };
    } catch {
      // Not JSON after all: shown as text below.
    }
  }
  if (/html/i.test(contentType ?? '') || /^<(!doctype|html)/i.test(trimmed)) {
    const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1];
    const paragraph = /<p>([^<]*)<\/p>/i.exec(trimmed)?.[1];
    const text = [title, paragraph].filter(Boolean).join(': ') || trimmed.replace(/<[^>]*>/g, ' ');
    return { text: clip(text) };
  }
  return { text: clip(trimmed) };
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT)}…` : oneLine;
}

function codeFor(status: number, errorCode: string | undefined, hasFilter: boolean): StoreErrorCode {
  if (status === 401 || status === 403) return 'AUTH';
  if (errorCode === 'RESOURCE_DOES_NOT_EXIST') return 'NOT_FOUND';
  if (status === 400 && hasFilter && errorCode === 'INVALID_PARAMETER_VALUE') return 'INVALID_FILTER';
  return 'HTTP';
}

function advice(status: number): string | undefined {
  if (status === 401 || status === 403) return 'check credentials (MLflow: Set Credentials)';
  if (status === 429) return 'the server is rate-limiting; try again later';
  if (status >= 500) return 'the server failed; see its log';
  return undefined;
}

export function httpError(
  server: string,
  status: number,
  statusText: string,
  path: string,
  body: string,
  contentType: string | null,
  hasFilter = false,
): RestError {
  const endpoint = endpointName(path);
  const { text, errorCode } = describeBody(body, contentType);
  const reason = statusText || REASONS[status] || '';
  const parts = [text, advice(status)].filter(Boolean).join(' — ');
  const message = `MLflow server at ${server} answered ${status}${reason ? ` ${reason}` : ''} for ${endpoint}${parts ? `: ${parts}` : ''}`;
  return new RestError(codeFor(status, errorCode, hasFilter), message, status, endpoint, errorCode, text);
}

export function transportError(code: 'TIMEOUT' | 'UNREACHABLE' | 'CANCELLED', server: string, path: string, cause?: unknown): RestError {
  const endpoint = endpointName(path);
  const reason = describeCause(cause);
  const message =
    code === 'TIMEOUT'
      ? `MLflow server at ${server} did not answer ${endpoint} in time; check that it is running, or raise the timeout`
      : code === 'CANCELLED'
        ? `Request ${endpoint} to ${server} was cancelled`
        : `Cannot reach the MLflow server at ${server} (${endpoint})${reason ? `: ${reason}` : ''}; check the URL and that the server is running`;
  return new RestError(code, message, undefined, endpoint, undefined, reason);
}

/** fetch wraps the socket error in `cause`; its code (ECONNREFUSED, CERT_...) is what helps. */
function describeCause(cause: unknown): string {
  const inner = (cause as { cause?: unknown })?.cause ?? cause;
  const code = (inner as { code?: unknown })?.code;
  const message = (inner as { message?: unknown })?.message;
  return [typeof code === 'string' ? code : undefined, typeof message === 'string' ? message : undefined]
    .filter(Boolean)
    .join(' ')
    .slice(0, MAX_TEXT);
}
