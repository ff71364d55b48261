/**
 * Logged models and the model registry over REST. The registry's searches are GET only (a POST
 * answers 405 HTML); logged-model search requires `experiment_ids`.
 */
import type { LoggedModel, ModelVersion, RegisteredModel } from '../entities';
import type { CallOptions } from '../store';
import type { HttpClient } from './http';
import { allPages, get, search } from './paging';
import { toLoggedModel, toModelVersion, toRegisteredModel, type Json } from './protoJson';

const LOGGED_MODELS_PAGE = 100;
const REGISTERED_MODELS_PAGE = 1_000;
const MODEL_VERSIONS_PAGE = 10_000;

/** MLflow's filter strings quote with ' or "; a name holding one is quoted with the other. */
function quoted(value: string): string {
  return value.includes("'") ? `"${value}"` : `'${value}'`;
}

export function searchLoggedModels(http: HttpClient, experimentIds: string[], options?: CallOptions): Promise<LoggedModel[]> {
  return allPages(
    http,
    (pageToken) => search('logged-models/search', { experiment_ids: experimentIds, max_results: LOGGED_MODELS_PAGE, page_token: pageToken }, options),
    'models',
    toLoggedModel,
  );
}

export async function getLoggedModel(http: HttpClient, modelId: string, options?: CallOptions): Promise<LoggedModel> {
  const answer = await http.json<Json>(get(`logged-models/${encodeURIComponent(modelId)}`, undefined, options));
  return toLoggedModel(answer.model as Json);
}

export function searchRegisteredModels(http: HttpClient, filter: string | undefined, options?: CallOptions): Promise<RegisteredModel[]> {
  return allPages(
    http,
    (pageToken) => ({
      ...get('registered-models/search', { filter: filter || undefined, max_results: REGISTERED_MODELS_PAGE, page_token: pageToken }, options),
      hasFilter: !!filter,
    }),
    'registered_models',
    toRegisteredModel,
  );
}

export async function getRegisteredModel(http: HttpClient, name: string, options?: CallOptions): Promise<RegisteredModel> {
  const answer = await http.json<Json>(get('registered-models/get', { name }, options));
  return toRegisteredModel(answer.registered_model as Json);
}

export function searchModelVersions(http: HttpClient, modelName: string, options?: CallOptions): Promise<ModelVersion[]> {
  const filter = `name=${quoted(modelName)}`;
  return allPages(
    http,
    (pageToken) => get('model-versions/search', { filter, max_results: MODEL_VERSIONS_PAGE, page_token: pageToken }, options),
    'model_versions',
    toModelVersion,
  );
}

export async function getModelVersion(http: HttpClient, name: string, version: string, options?: CallOptions): Promise<ModelVersion> {
  const answer = await http.json<Json>(get('model-versions/get', { name, version }, options));
  return toModelVersion(answer.model_version as Json);
}
