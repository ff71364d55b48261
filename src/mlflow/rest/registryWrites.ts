/**
 * The model registry's writes over REST, with the verbs MLflow 3.11 registers for them (updates
 * are PATCH, deletes are DELETE with a JSON body). Writes are never retried.
 */
import type { ModelVersion, RegisteredModel, Tag } from '../entities';
import type { CallOptions, CreateModelVersionRequest, RegistryWrites } from '../store';
import type { HttpClient } from './http';
import { API } from './paging';
import { toModelVersion, toRegisteredModel, type Json } from './protoJson';

export class RestRegistryWrites implements RegistryWrites {
  constructor(private readonly http: HttpClient) {}

  async createRegisteredModel(name: string, description?: string, tags?: Tag[], options?: CallOptions): Promise<RegisteredModel> {
    const body: Json = { name };
    if (description) body.description = description;
    if (tags?.length) body.tags = tags.map(({ key, value }) => ({ key, value }));
    const answer = await this.send('POST', 'registered-models/create', body, options);
    return toRegisteredModel(answer.registered_model as Json);
  }

  async renameRegisteredModel(name: string, newName: string, options?: CallOptions): Promise<RegisteredModel> {
    const answer = await this.send('POST', 'registered-models/rename', { name, new_name: newName }, options);
    return toRegisteredModel(answer.registered_model as Json);
  }

  async updateRegisteredModel(name: string, description: string, options?: CallOptions): Promise<void> {
    await this.send('PATCH', 'registered-models/update', { name, description }, options);
  }

  async deleteRegisteredModel(name: string, options?: CallOptions): Promise<void> {
    await this.send('DELETE', 'registered-models/delete', { name }, options);
  }

  async setRegisteredModelTag(name: string, key: string, value: string, options?: CallOptions): Promise<void> {
    await this.send('POST', 'registered-models/set-tag', { name, key, value }, options);
  }

  async deleteRegisteredModelTag(name: string, key: string, options?: CallOptions): Promise<void> {
    await this.send('DELETE', 'registered-models/delete-tag', { name, key }, options);
  }

  async createModelVersion(request: CreateModelVersionRequest, options?: CallOptions): Promise<ModelVersion> {
    const body: Json = { name: request.name, source: request.source };
    if (request.runId) body.run_id = request.runId;
    if (request.description) body.description = request.description;
    if (request.tags?.length) body.tags = request.tags.map(({ key, value }) => ({ key, value }));
    if (request.modelId) body.model_id = request.modelId;
    const answer = await this.send('POST', 'model-versions/create', body, options);
    return toModelVersion(answer.model_version as Json);
  }

  async updateModelVersion(name: string, version: string, description: string, options?: CallOptions): Promise<void> {
    await this.send('PATCH', 'model-versions/update', { name, version, description }, options);
  }

  async deleteModelVersion(name: string, version: string, options?: CallOptions): Promise<void> {
    await this.send('DELETE', 'model-versions/delete', { name, version }, options);
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string, options?: CallOptions): Promise<void> {
    await this.send('POST', 'model-versions/set-tag', { name, version, key, value }, options);
  }

  async deleteModelVersionTag(name: string, version: string, key: string, options?: CallOptions): Promise<void> {
    await this.send('DELETE', 'model-versions/delete-tag', { name, version, key }, options);
  }

  async setAlias(name: string, alias: string, version: string, options?: CallOptions): Promise<void> {
    await this.send('POST', 'registered-models/alias', { name, alias, version }, options);
  }

  async deleteAlias(name: string, alias: string, options?: CallOptions): Promise<void> {
    await this.send('DELETE', 'registered-models/alias', { name, alias }, options);
  }

  async transitionStage(name: string, version: string, stage: string, archiveExistingVersions: boolean, options?: CallOptions): Promise<ModelVersion> {
    const body = { name, version, stage, archive_existing_versions: archiveExistingVersions };
    const answer = await this.send('POST', 'model-versions/transition-stage', body, options);
    return toModelVersion(answer.model_version as Json);
  }

  private send(method: 'POST' | 'PATCH' | 'DELETE', path: string, body: Json, options?: CallOptions): Promise<Json> {
    return this.http.json<Json>({ method, path: `${API}/${path}`, body, idempotent: false, signal: options?.signal });
  }
}
