/**
 * Run artifacts over REST. Files come from `/get-artifact`, which serves every artifact store
 * the server can read; deployments that expose only `/api/...` (a reverse proxy in front) answer
 * it with a route-level 404, and then the proxied artifact service
 * (`/api/2.0/mlflow-artifacts/artifacts/<path>`) serves runs whose URI is `mlflow-artifacts:`.
 */
import type { ArtifactEntry } from '../entities';
import { StoreError } from '../errors';
import type { CallOptions } from '../store';
import { isMissingEndpoint } from './detect';
import { readBytes, type HttpClient, type HttpRequest } from './http';
import { allPages, get } from './paging';
import { toArtifactEntry } from './protoJson';

export function listArtifacts(http: HttpClient, runId: string, path: string | undefined, options?: CallOptions): Promise<ArtifactEntry[]> {
  return allPages(
    http,
    (pageToken) => get('artifacts/list', { run_id: runId, path: path || undefined, page_token: pageToken }, options),
    'files',
    toArtifactEntry,
  );
}

/** `mlflow-artifacts:/2/<run>/artifacts` or `mlflow-artifacts://host/2/...` → `2/<run>/artifacts`. */
export function proxiedArtifactPath(artifactUri: string): string | undefined {
  const match = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(artifactUri);
  return match ? match[1].replace(/\/+$/, '') : undefined;
}

export async function readArtifact(
  http: HttpClient,
  runId: string,
  path: string,
  maxBytes: number | undefined,
  artifactUri: () => Promise<string>,
  options?: CallOptions,
): Promise<Uint8Array> {
  const read = (request: HttpRequest) => http.send(request, (response) => readBytes(response, maxBytes));
  const direct: HttpRequest = { method: 'GET', path: '/get-artifact', query: { path, run_uuid: runId }, idempotent: true, signal: options?.signal };
  try {
    return await read(direct);
  } catch (error) {
    if (!isMissingEndpoint(error)) throw error;
    const root = proxiedArtifactPath(await artifactUri());
    if (root === undefined) throw error;
    const segments = `${root}/${path}`.split('/').filter(Boolean).map(encodeURIComponent).join('/');
    if (segments.split('/').includes('..')) throw new StoreError('NOT_FOUND', `Artifact paths may not contain "..": ${path}`);
    return read({ method: 'GET', path: `/api/2.0/mlflow-artifacts/artifacts/${segments}`, idempotent: true, signal: options?.signal });
  }
}

/** One level of an MLflow 3 logged model's files (they live outside the run's artifacts). */
export async function listLoggedModelArtifacts(http: HttpClient, modelId: string, path: string | undefined, options?: CallOptions): Promise<ArtifactEntry[]> {
  const request = get(`logged-models/${encodeURIComponent(modelId)}/artifacts/directories`, { artifact_directory_path: path || undefined }, options);
  const answer = await http.json<{ files?: unknown }>(request);
  return Array.isArray(answer.files) ? answer.files.map(toArtifactEntry) : [];
}

/** A logged model's file; MLflow serves it only under `/ajax-api/`. */
export function readLoggedModelArtifact(http: HttpClient, modelId: string, path: string, maxBytes: number | undefined, options?: CallOptions): Promise<Uint8Array> {
  const request: HttpRequest = {
    method: 'GET',
    path: `/ajax-api/2.0/mlflow/logged-models/${encodeURIComponent(modelId)}/artifacts/files`,
    query: { artifact_file_path: path },
    idempotent: true,
    signal: options?.signal,
  };
  return http.send(request, (response) => readBytes(response, maxBytes));
}
