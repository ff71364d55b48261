/**
 * Pure view-model functions for the Models view and the logged models under experiments:
 * labels, descriptions, tooltips, model URIs and the registry filter. No `vscode` import, so
 * they are unit-tested directly.
 */
import type { LoggedModel, ModelVersion, ModelVersionStatus, RegisteredModel } from '../mlflow/entities';

/** `models:/name/3`, the URI `mlflow.pyfunc.load_model` and `mlflow models serve` take. */
export function versionUri(name: string, version: string): string {
  return `models:/${name}/${version}`;
}

/** `models:/name@alias`: follows the alias when it moves. */
export function aliasUri(name: string, alias: string): string {
  return `models:/${name}@${alias}`;
}

/** What registering a logged model sends: MLflow 3 points the version at `models:/<model id>`. */
export function loggedModelSource(model: LoggedModel): { source: string; runId?: string; modelId: string } {
  return { source: `models:/${model.modelId}`, runId: model.sourceRunId, modelId: model.modelId };
}

/** What registering a run's artifact folder sends (MLflow 2's `runs:/<id>/model`). */
export function runFolderSource(runId: string, folder: string): { source: string; runId: string } {
  return { source: `runs:/${runId}/${folder.replace(/^\/+|\/+$/g, '')}`, runId };
}

/** MLflow's version numbers are strings; newest (highest) first, numerically. */
export function newestFirst(versions: readonly ModelVersion[]): ModelVersion[] {
  return [...versions].sort((a, b) => Number(b.version) - Number(a.version) || b.version.localeCompare(a.version));
}

/**
 * A version's aliases as the model lists them: MLflow's `model-versions/search` leaves them out
 * (only `get` has them), while the registered model always carries the alias → version map.
 */
export function withModelAliases(versions: readonly ModelVersion[], model: RegisteredModel): ModelVersion[] {
  return versions.map((version) => {
    const aliases = new Set([...version.aliases, ...model.aliases.filter((a) => a.version === version.version).map((a) => a.alias)]);
    return { ...version, aliases: [...aliases].sort() };
  });
}

/**
 * What the user types in the name filter, as MLflow's registered-model filter: a plain text is
 * a case-insensitive substring of the name; a text that already is a filter passes through.
 */
export function registryFilter(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (/^(name|tags\.)\S*\s*(=|!=|LIKE|ILIKE)\s/i.test(trimmed)) return trimmed;
  // MLflow has no escapes in filter strings: a text holding ' is quoted with ".
  const quote = trimmed.includes("'") ? '"' : "'";
  return `name ILIKE ${quote}%${trimmed}%${quote}`;
}

/** Stages are deprecated since MLflow 2.9; "None" is the default and says nothing. */
export function shownStage(version: ModelVersion): string | undefined {
  return version.currentStage && version.currentStage !== 'None' ? version.currentStage : undefined;
}

export interface StatusAppearance {
  icon: string;
  color: string;
  text: string;
}

export function versionStatus(status: ModelVersionStatus | undefined): StatusAppearance {
  switch (status) {
    case 'PENDING_REGISTRATION':
      return { icon: 'loading~spin', color: 'charts.yellow', text: 'pending' };
    case 'FAILED_REGISTRATION':
      return { icon: 'error', color: 'testing.iconFailed', text: 'failed' };
    default:
      return { icon: 'versions', color: 'charts.green', text: 'ready' };
  }
}

export function versionLabel(version: ModelVersion): string {
  return `Version ${version.version}`;
}

/** `@champion · Production`, or the status when it is not ready. */
export function versionDescription(version: ModelVersion): string {
  const status = versionStatus(version.status);
  const parts = [...version.aliases.map((alias) => `@${alias}`), shownStage(version), version.status && version.status !== 'READY' ? status.text : undefined];
  return parts.filter(Boolean).join(' · ');
}

/** `v3 · @challenger→3 @champion→2`. */
export function modelDescription(model: RegisteredModel): string {
  const latest = model.latestVersions.reduce((max, v) => Math.max(max, Number(v.version) || 0), 0);
  const aliases = [...model.aliases].sort((a, b) => a.alias.localeCompare(b.alias)).map((a) => `@${a.alias}→${a.version}`);
  return [latest ? `v${latest}` : '', ...aliases].filter(Boolean).join(' · ');
}

export interface Tooltip {
  title: string;
  /** Plain text, may be several paragraphs. */
  description?: string;
  facts: [string, string][];
  tags: [string, string][];
}

const date = (ms: number | undefined) => (ms ? new Date(ms).toLocaleString() : undefined);

function facts(entries: [string, string | undefined][]): [string, string][] {
  return entries.filter((entry): entry is [string, string] => !!entry[1]);
}

/** Tags MLflow writes for itself stay out of the tooltip's tag list. */
function ownTags(tags: { key: string; value: string }[]): [string, string][] {
  return tags.filter((tag) => !tag.key.startsWith('mlflow.')).map((tag) => [tag.key, tag.value]);
}

export function modelTooltip(model: RegisteredModel): Tooltip {
  return {
    title: model.name,
    description: model.description || undefined,
    facts: facts([
      ['Aliases', model.aliases.map((a) => `@${a.alias} → v${a.version}`).join(', ')],
      ['Created', date(model.creationTimestamp)],
      ['Updated', date(model.lastUpdatedTimestamp)],
      ['URI', model.aliases[0] ? aliasUri(model.name, model.aliases[0].alias) : undefined],
    ]),
    tags: ownTags(model.tags),
  };
}

export function versionTooltip(version: ModelVersion): Tooltip {
  const status = versionStatus(version.status);
  return {
    title: `${version.name} v${version.version}`,
    description: version.description || undefined,
    facts: facts([
      ['Status', version.statusMessage ? `${status.text}: ${version.statusMessage}` : status.text],
      ['Aliases', version.aliases.map((a) => `@${a}`).join(', ')],
      ['Stage', shownStage(version) && `${shownStage(version)} (stages are deprecated; prefer aliases)`],
      ['Source run', version.runId],
      ['Logged model', version.modelId],
      ['Source', version.source],
      ['Created', date(version.creationTimestamp)],
      ['By', version.userId],
      ['URI', versionUri(version.name, version.version)],
    ]),
    tags: ownTags(version.tags),
  };
}

export function loggedModelDescription(model: LoggedModel): string {
  const status = model.status === 'READY' ? undefined : model.status.toLowerCase();
  const metrics = [...model.metrics].sort((a, b) => a.key.localeCompare(b.key)).slice(0, 2).map((m) => `${m.key}=${formatNumber(m.value)}`);
  return [status, ...metrics].filter(Boolean).join(' · ');
}

export function loggedModelTooltip(model: LoggedModel): Tooltip {
  return {
    title: `${model.name} (${model.modelId})`,
    facts: facts([
      ['Status', model.statusMessage ? `${model.status}: ${model.statusMessage}` : model.status],
      ['Source run', model.sourceRunId],
      ['Type', model.modelType],
      ['Created', date(model.creationTimestamp)],
      ['Artifacts', model.artifactLocation],
      ...model.params.map((p): [string, string] => [`param ${p.key}`, p.value]),
      ...model.metrics.map((m): [string, string] => [`metric ${m.key}`, formatNumber(m.value)]),
    ]),
    tags: ownTags(model.tags),
  };
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : value.toPrecision(4).replace(/\.?0+$/, '');
}

/**
 * The versions a registered model's logged model became (`mlflow.modelVersions`). MLflow 3 writes
 * each version twice there — the Python client with a number, the server with a string — so once each.
 */
export function registeredAs(model: LoggedModel): string[] {
  const raw = model.tags.find((tag) => tag.key === 'mlflow.modelVersions')?.value;
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as { name?: string; version?: number | string }[];
    return Array.isArray(parsed) ? [...new Set(parsed.filter((e) => e?.name).map((e) => `${e.name} v${e.version}`))] : [];
  } catch {
    return [];
  }
}
