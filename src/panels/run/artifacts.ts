/**
 * Previews of a run's artifacts for the Run panel, decided by file name: images inline, text
 * highlighted, CSV as a table, MLmodel summarised. Only the first part of a large file is read;
 * the panel offers to open the whole file in an editor.
 */
import { parse as parseYaml } from 'yaml';
import type { ArtifactPreview, KeyValue, MlmodelSummary, SignatureColumn } from '../../../webview/shared/protocol';
import type { MlflowStore } from '../../mlflow/store';

/** Bytes of a text artifact shown inline. */
export const TEXT_PREVIEW_BYTES = 128 * 1024;
/** Rows of a CSV shown inline. */
export const CSV_PREVIEW_ROWS = 200;
/** Images larger than this are not inlined as data: URIs. */
export const IMAGE_PREVIEW_BYTES = 8 * 1024 * 1024;

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
};
const TEXT_TYPES = new Set(['txt', 'log', 'md', 'py', 'sh', 'cfg', 'ini', 'toml', 'html', 'xml', 'rst', 'r', 'sql', 'ipynb', 'jsonl']);

export function previewKind(file: string): 'image' | 'json' | 'yaml' | 'text' | 'csv' | 'mlmodel' | 'binary' {
  const name = file.split('/').pop() ?? file;
  if (name === 'MLmodel') return 'mlmodel';
  if (/^(requirements\.txt|Dockerfile|MLproject|LICENSE|README)$/i.test(name)) return 'text';
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  if (IMAGE_TYPES[extension]) return 'image';
  if (extension === 'json') return 'json';
  if (extension === 'yaml' || extension === 'yml') return 'yaml';
  if (extension === 'csv' || extension === 'tsv') return 'csv';
  if (TEXT_TYPES.has(extension)) return 'text';
  return 'binary';
}

export async function previewArtifact(store: MlflowStore, runId: string, file: string, size?: number): Promise<ArtifactPreview> {
  const kind = previewKind(file);
  try {
    switch (kind) {
      case 'image': {
        if (size !== undefined && size > IMAGE_PREVIEW_BYTES) return { kind: 'binary', path: file, size };
        const bytes = await store.readArtifact(runId, file, IMAGE_PREVIEW_BYTES);
        const type = IMAGE_TYPES[file.split('.').pop()!.toLowerCase()];
        return { kind: 'image', path: file, dataUri: `data:${type};base64,${Buffer.from(bytes).toString('base64')}` };
      }
      case 'binary':
        return { kind: 'binary', path: file, size };
      default: {
        const { text, truncated } = await readText(store, runId, file);
        if (kind === 'csv') {
          const rows = parseCsv(text, file.endsWith('.tsv') ? '\t' : ',', CSV_PREVIEW_ROWS);
          return { kind: 'csv', path: file, rows, truncated: truncated || rows.length >= CSV_PREVIEW_ROWS, size };
        }
        if (kind === 'mlmodel') return { kind: 'mlmodel', path: file, summary: summarizeMlmodel(text), text };
        if (looksBinary(text)) return { kind: 'binary', path: file, size };
        return { kind: 'text', path: file, language: kind === 'json' || kind === 'yaml' ? kind : 'text', text, truncated, size };
      }
    }
  } catch (error) {
    return { kind: 'error', path: file, message: error instanceof Error ? error.message : String(error) };
  }
}

async function readText(store: MlflowStore, runId: string, file: string): Promise<{ text: string; truncated: boolean }> {
  // One byte more than shown tells whether there is more, without a separate size query.
  const bytes = await store.readArtifact(runId, file, TEXT_PREVIEW_BYTES + 1);
  const truncated = bytes.length > TEXT_PREVIEW_BYTES;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(truncated ? bytes.subarray(0, TEXT_PREVIEW_BYTES) : bytes);
  return { text, truncated };
}

function looksBinary(text: string): boolean {
  return text.slice(0, 4096).includes('\u0000');
}

/** RFC 4180 CSV (quotes, doubled quotes, newlines inside quotes), first `maxRows` rows. */
export function parseCsv(text: string, separator: string, maxRows: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && rows.length < maxRows; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === separator) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if ((field !== '' || row.length) && rows.length < maxRows) rows.push([...row, field]);
  return rows;
}

/** Flavors, the facts users look for, and the signature (each part a JSON string in MLmodel). */
export function summarizeMlmodel(text: string): MlmodelSummary {
  const doc = (parseYaml(text) ?? {}) as Record<string, unknown>;
  const flavors: KeyValue[] = Object.entries((doc.flavors as Record<string, Record<string, unknown>>) ?? {}).map(([name, body]) => ({
    key: name,
    value: ['sklearn_version', 'loader_module', 'python_version', 'pickled_model', 'serialization_format']
      .filter((k) => body?.[k] !== undefined)
      .map((k) => `${k}: ${String(body[k])}`)
      .join(', '),
  }));
  const facts = ['model_id', 'name', 'artifact_path', 'run_id', 'utc_time_created', 'mlflow_version', 'model_size_bytes', 'model_uuid']
    .filter((key) => doc[key] !== undefined && doc[key] !== null)
    .map((key) => ({ key, value: String(doc[key]) }));
  const signature = doc.signature as Record<string, string> | undefined;
  return {
    flavors,
    facts,
    signature: signature
      ? { inputs: signatureColumns(signature.inputs), outputs: signatureColumns(signature.outputs), params: signatureColumns(signature.params) }
      : undefined,
  };
}

function signatureColumns(json: string | undefined): SignatureColumn[] {
  if (!json) return [];
  try {
    const columns = JSON.parse(json) as Record<string, unknown>[];
    return columns.map((column, index) => {
      const tensor = column['tensor-spec'] as { dtype?: string; shape?: number[] } | undefined;
      const type = tensor ? `tensor ${tensor.dtype ?? ''} [${(tensor.shape ?? []).join(', ')}]` : describeType(column);
      return { name: String(column.name ?? `#${index}`), type, required: column.required === undefined ? undefined : Boolean(column.required) };
    });
  } catch {
    return [{ name: '(unreadable)', type: json.slice(0, 200) }];
  }
}

function describeType(column: Record<string, unknown>): string {
  const type = String(column.type ?? '?');
  if (type === 'array' && column.items) return `array<${describeType(column.items as Record<string, unknown>)}>`;
  if (column.default !== undefined) return `${type} = ${JSON.stringify(column.default)}`;
  return type;
}
