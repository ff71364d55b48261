// `npm run bench`: every bench of the project, one after the other, each in a process of its
// own, with the same flags. `npm run bench -- <flags>` hands the flags to this script only, so
// it is the one place that reads them and passes each bench what it understands.
//
//   npm run bench -- --reps 15                 # every bench that repeats its calls
//   npm run bench -- --only sqlite,rest        # some benches: sqlite panels rest filestore language
//   npm run bench -- --only sqlite --steps history,sampledHistory --baseline HEAD~1
//   npm run bench -- --only language --files typical
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `usage: npm run bench -- [--reps N] [--only sqlite,panels,rest,filestore,language]
       [--steps <sqlite steps>] [--baseline <git revision>] [--files <language bench files>]`;

const FLAGS = ['reps', 'only', 'steps', 'baseline', 'files'];
const options = {};
for (let i = 2; i < process.argv.length; i += 2) {
  const name = process.argv[i].replace(/^--/, '');
  const value = process.argv[i + 1];
  if (!process.argv[i].startsWith('--') || !FLAGS.includes(name) || value === undefined || value.startsWith('--')) {
    console.error(`bench: cannot read ${process.argv.slice(i, i + 2).join(' ')}\n${USAGE}`);
    process.exit(2);
  }
  options[name] = value;
}
const reps = options.reps ?? process.env.BENCH_REPS;
if (reps !== undefined && !(Number.isInteger(Number(reps)) && Number(reps) >= 5)) {
  console.error('bench: --reps must be an integer of at least 5');
  process.exit(2);
}

const flag = (name, as = name) => (options[name] === undefined ? [] : [`--${as}`, options[name]]);
const repsFlag = reps === undefined ? [] : ['--reps', String(reps)];
const BENCHES = {
  sqlite: ['bench/run.mjs', ...repsFlag, ...flag('steps'), ...flag('baseline')],
  panels: ['bench/panelsBench.mjs', ...repsFlag],
  rest: ['out/restBench.js', ...repsFlag],
  filestore: ['out/fileStoreBench.js', ...repsFlag],
  language: ['out/languageBench.js', ...flag('files')],
};

const only = options.only?.split(',').map((name) => name.trim()) ?? Object.keys(BENCHES);
const unknown = only.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  console.error(`bench: no bench ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}
const failed = [];
for (const name of Object.keys(BENCHES).filter((bench) => only.includes(bench))) {
  const [script, ...args] = BENCHES[name];
  console.error(`bench: ${name} (node ${script}${args.length ? ` ${args.join(' ')}` : ''})`);
  const run = spawnSync(process.execPath, [path.join(root, script), ...args], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`bench: ${failed.join(', ')} failed`);
  process.exit(1);
}
