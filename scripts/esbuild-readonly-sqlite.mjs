// node-sqlite3-wasm locks a database by creating a `<db>.lock` directory beside it. That is a
// write next to the user's store, fails in read-only folders, and means nothing to MLflow's
// Python writer (which uses POSIX locks). We never write, so we read without locks and detect
// a store caught mid-write ourselves (see src/mlflow/sqlite/consistency.ts). This plugin
// replaces the VFS lock callbacks with no-ops when the library is bundled.
import { readFile } from 'node:fs/promises';

const patches = [
  // xLock / xUnlock: take no lock, create nothing.
  [/function _nodejsLock\(fi,level\)\{/, 'function _nodejsLock(fi,level){return SQLITE_OK;'],
  [/function _nodejsUnlock\(fi,level\)\{/, 'function _nodejsUnlock(fi,level){return SQLITE_OK;'],
  // xCheckReservedLock: nobody holds a reserved lock we could see; a journal left beside the
  // store is then treated as hot, and a read-only connection answers SQLITE_READONLY_ROLLBACK
  // instead of reading a half-written file.
  [
    /function _nodejsCheckReservedLock\(fi,outResult\)\{/,
    'function _nodejsCheckReservedLock(fi,outResult){setValue(outResult,0,"i32");return SQLITE_OK;',
  ],
];

export const readOnlySqlitePlugin = {
  name: 'readonly-sqlite',
  setup(build) {
    build.onLoad({ filter: /node-sqlite3-wasm[\\/]dist[\\/]node-sqlite3-wasm\.js$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      for (const [pattern, replacement] of patches) {
        if (!pattern.test(contents)) {
          throw new Error(`node-sqlite3-wasm changed: cannot find ${pattern} to disable file locks`);
        }
        contents = contents.replace(pattern, replacement);
      }
      return { contents, loader: 'js' };
    });
  },
};
