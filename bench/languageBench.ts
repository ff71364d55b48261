// `node out/languageBench.js` (part of `npm run bench`): latency of the MLproject/MLmodel language
// service while typing — validation and completion after each of 1,000 edits — on a typical
// MLproject, a 2,000-line MLproject and a large MLmodel, next to yaml-language-server validating
// the same files against a JSON schema of the same keys (generated from our key table), in the
// same process and run. Prints a table; writes bench/results/language-latest.json. Figures only:
// a missed target is reported, not failed. `--files typical` (or `2,000-line`, `MLmodel`) runs the
// files whose name contains it (the 2,000-line file takes minutes: yaml parsing dominates).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionList, Diagnostic, Position } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeFileSystem } from '../server/nodeFileSystem';
import { MLMODEL } from '../server/service/keys/mlmodel';
import { MLPROJECT } from '../server/service/keys/mlproject';
import { childSpec, type FileSchema, type KeySpec } from '../server/service/keys/types';
import { LanguageService } from '../server/service/languageService';
import { kindsOf } from '../server/service/structure';

const ROOT = path.resolve(__dirname, '..');
const EDITS = 1000;
const WARMUP = 50;
const TYPICAL_P99_TARGET_MS = 10;

interface Engine {
  validate(document: TextDocument): Promise<Diagnostic[]>;
  complete(document: TextDocument, position: Position): Promise<CompletionList>;
}

interface Case {
  name: string;
  file: string;
  kind: 'mlproject' | 'mlmodel';
  text: string;
  /** The text of the n-th edit (each one differs from the one before). */
  edit(n: number): string;
  /** Where completion is asked, after each edit: just after this text (its first occurrence). */
  cursorAfter: string;
}

function generatedProject(entryPoints: number): string {
  const lines = ['name: big-project', 'python_env: python_env.yaml', 'entry_points:'];
  for (let e = 0; e < entryPoints; e++) {
    lines.push(`  step_${e}:`, '    parameters:');
    for (let p = 0; p < 10; p++) lines.push(`      p${p}: {type: ${['float', 'int', 'string'][p % 3]}, default: ${p % 3 === 2 ? `"v${p}"` : p}}`);
    lines.push(`    command: "python train.py --step ${e} ${Array.from({ length: 10 }, (_, p) => `--p${p} {p${p}}`).join(' ')}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** An MLmodel as MLflow writes it (yaml.safe_dump folds the signature JSON at 80 columns). */
function generatedModel(columns: number): string {
  const json = JSON.stringify(Array.from({ length: columns }, (_, i) => ({ type: 'double', name: `feature_${i}`, required: true }))).replace(/,"/g, ', "').replace(/":/g, '": ');
  const folded: string[] = [];
  let line = "  inputs: '";
  for (const word of json.split(' ')) {
    if (line.length + word.length > 80) {
      folded.push(line);
      line = '    ';
    } else if (!line.endsWith("'") && line.trim()) line += ' ';
    line += word;
  }
  folded.push(`${line}'`);
  const example = readFileSync(path.join(ROOT, 'test/fixtures/mlmodel/sklearn-iris-file-store/MLmodel'), 'utf8');
  return example.replace(/ {2}inputs: '[^]*?'\n(?= {2}outputs)/, `${folded.join('\n')}\n`);
}

function cases(): Case[] {
  const typical = readFileSync(path.join(ROOT, 'examples/wine-quality/MLproject'), 'utf8');
  const big = generatedProject(166);
  const model = generatedModel(2000).replace('flavors:\n', 'flavors:\n  \n');
  const editDefault = (text: string, from: string) => (n: number) => text.replace(from, from.replace(/\d+(\.\d+)?/, `0.${1000 + n}`));
  return [
    // Completion inside a `{placeholder}` of the command, and on an empty line under `flavors:`.
    { name: 'typical MLproject', file: 'typical/MLproject', kind: 'mlproject', text: typical, edit: editDefault(typical, 'default: 0.5}'), cursorAfter: '--alpha {' },
    { name: '2,000-line MLproject', file: 'big/MLproject', kind: 'mlproject', text: big, edit: editDefault(big, 'p1: {type: int, default: 1}'), cursorAfter: '--p0 {' },
    { name: 'large MLmodel', file: 'model/MLmodel', kind: 'mlmodel', text: model, edit: (n) => model.replace('model_size_bytes: 64644', `model_size_bytes: ${64644 + n}`), cursorAfter: 'flavors:\n  ' },
  ];
}

/** A JSON schema with the keys, kinds, required keys and documented values of a key table. */
function jsonSchema(spec: KeySpec): Record<string, unknown> {
  const types = kindsOf(spec).flatMap((kind) => ({ mapping: ['object'], sequence: ['array'], string: ['string'], scalar: ['string', 'number', 'boolean'], integer: ['integer'], boolean: ['boolean'], any: [] })[kind]);
  const schema: Record<string, unknown> = { description: spec.doc };
  if (types.length && !kindsOf(spec).includes('any')) schema.type = spec.nullable ? [...types, 'null'] : types;
  if (spec.values && kindsOf(spec).length === 1 && kindsOf(spec)[0] === 'string') schema.enum = Object.keys(spec.values);
  const named = { ...spec.keys, ...spec.entries?.known };
  if (Object.keys(named).length) schema.properties = Object.fromEntries(Object.entries(named).map(([name, child]) => [name, jsonSchema(childSpec(spec, name)?.spec ?? child)]));
  const required = Object.entries(spec.keys ?? {}).filter(([, child]) => child.required).map(([name]) => name);
  if (required.length) schema.required = required;
  if (spec.entries) schema.additionalProperties = jsonSchema(spec.entries.spec);
  else if (spec.keys && spec.unknownKeys !== 'ignore') schema.additionalProperties = false;
  if (spec.items) schema.items = jsonSchema(spec.items);
  return schema;
}

function yamlLanguageServer(schemas: Record<Case['kind'], FileSchema>): Engine {
  // Loaded from node_modules as it ships (not bundled into this script): its own code, unchanged.
  const load = createRequire(path.join(ROOT, 'package.json'));
  const yls: typeof import('yaml-language-server/lib/umd/index') = load('yaml-language-server/lib/umd/index.js');
  const service = yls.getLanguageService({ schemaRequestService: async () => '{}', workspaceContext: { resolveRelativePath: (relative) => relative } });
  service.configure({
    validate: true,
    completion: true,
    hover: true,
    schemas: (['mlproject', 'mlmodel'] as const).map((kind) => ({ uri: `inmemory://${kind}.schema.json`, fileMatch: [kind === 'mlproject' ? '**/MLproject' : '**/MLmodel'], schema: jsonSchema(schemas[kind].root) })),
  });
  return { validate: (document) => service.doValidation(document, false), complete: (document, position) => service.doComplete(document, position, false) };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

interface Timings {
  validation: number[];
  completion: number[];
  items: number;
}

/**
 * Times every engine on the same sequence of edits, interleaved (the order alternating from edit
 * to edit), so that a busy machine slows them alike.
 */
async function measure(engines: Engine[], folder: string, item: Case): Promise<{ validate: Stats; complete: Stats; completionItems: number }[]> {
  const uri = pathToFileURL(path.join(folder, item.file)).href;
  const timings: Timings[] = engines.map(() => ({ validation: [], completion: [], items: 0 }));
  for (let n = 0; n < WARMUP + EDITS; n++) {
    const text = item.edit(n);
    const document = TextDocument.create(uri, item.kind, n + 1, text);
    const position = document.positionAt(text.indexOf(item.cursorAfter) + item.cursorAfter.length);
    const order = n % 2 === 0 ? engines.map((_, i) => i) : engines.map((_, i) => engines.length - 1 - i);
    for (const index of order) {
      let started = performance.now();
      await engines[index].validate(document);
      const validated = performance.now() - started;
      started = performance.now();
      const list = await engines[index].complete(document, position);
      const completed = performance.now() - started;
      if (n < WARMUP) continue;
      timings[index].validation.push(validated);
      timings[index].completion.push(completed);
      timings[index].items = list.items.length;
    }
  }
  return timings.map((t) => ({ validate: stats(t.validation), complete: stats(t.completion), completionItems: t.items }));
}

interface Stats {
  median: number;
  p99: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

async function main(): Promise<void> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'mlflow-language-bench-'));
  try {
    for (const sub of ['typical', 'big', 'model']) {
      mkdirSync(path.join(folder, sub, 'data'), { recursive: true });
      for (const file of ['python_env.yaml', 'conda.yaml', 'train.py', 'input_example.json', 'serving_input_example.json', 'data/wine-sample.csv']) writeFileSync(path.join(folder, sub, file), '\n');
    }
    const engines: [string, Engine][] = [
      ['mlflow language server', new LanguageService(nodeFileSystem)],
      ['yaml-language-server', yamlLanguageServer({ mlproject: MLPROJECT, mlmodel: MLMODEL })],
    ];
    const rows: Row[] = [];
    const loadBefore = os.loadavg()[0];
    const files = process.argv.includes('--files') ? process.argv[process.argv.indexOf('--files') + 1] : '';
    for (const item of cases().filter((c) => c.name.includes(files))) {
      console.error(`bench: ${item.name}…`);
      const results = await measure(engines.map(([, engine]) => engine), folder, item);
      results.forEach((result, i) => rows.push({ file: item.name, lines: item.text.split('\n').length - 1, engine: engines[i][0], ...result }));
    }
    const load = { before: loadBefore, after: os.loadavg()[0], cpus: os.cpus().length };
    printTable(rows, load);
    const results = path.join(ROOT, 'bench/results');
    mkdirSync(results, { recursive: true });
    writeFileSync(path.join(results, 'language-latest.json'), `${JSON.stringify({ date: new Date().toISOString(), edits: EDITS, node: process.version, load, rows }, null, 2)}\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

type Row = { file: string; lines: number; engine: string; validate: Stats; complete: Stats; completionItems: number };

function printTable(rows: Row[], load: { before: number; after: number; cpus: number }): void {
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  const header = ['file', 'lines', 'engine', 'validate median', 'validate p99', 'complete median', 'complete p99', 'items'];
  const table = rows.map((r) => [r.file, String(r.lines), r.engine, ms(r.validate.median), ms(r.validate.p99), ms(r.complete.median), ms(r.complete.p99), String(r.completionItems)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  console.log(`\nMLproject/MLmodel language service: ${EDITS} edits per file (after ${WARMUP} untimed), validation then completion after each, the engines interleaved`);
  console.log(`load average ${load.before.toFixed(1)} → ${load.after.toFixed(1)} on ${load.cpus} CPUs (p99 is sensitive to it)\n`);
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log('');
  const ours = rows.filter((r) => r.engine === 'mlflow language server');
  const typical = ours.find((r) => r.file === 'typical MLproject');
  const worst = typical && Math.max(typical.validate.p99, typical.complete.p99);
  if (worst !== undefined) console.log(`target: p99 ≤ ${TYPICAL_P99_TARGET_MS} ms on the typical MLproject: ${ms(worst)} ${worst <= TYPICAL_P99_TARGET_MS ? 'ok' : 'MISSED'}`);
  for (const row of ours) {
    const theirs = rows.find((r) => r.file === row.file && r !== row)!;
    const faster = row.validate.median < theirs.validate.median && row.complete.median < theirs.complete.median;
    console.log(`target: faster than yaml-language-server on the ${row.file} (medians): validate ${(theirs.validate.median / row.validate.median).toFixed(1)}×, complete ${(theirs.complete.median / row.complete.median).toFixed(1)}× ${faster ? 'ok' : 'MISSED'}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
