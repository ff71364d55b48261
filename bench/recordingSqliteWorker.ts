/**
 * The store's own SQLite worker, unchanged, plus a recorder: every statement it prepares and the
 * values it binds are announced on a BroadcastChannel, so the benchmark can hand the native
 * SQLite exactly the SQL the store ran. Used only for that capture pass, never for timings.
 */
import { BroadcastChannel, parentPort } from 'node:worker_threads';
import { Database } from 'node-sqlite3-wasm';
import '../src/mlflow/sqlite/worker';
import { SQL_CHANNEL, type RecordedEvent } from './benchSpec';

const channel = new BroadcastChannel(SQL_CHANNEL);
const announce = (event: RecordedEvent) => channel.postMessage(event);

interface StatementInternals {
  _bind(values: unknown): void;
  __benchSql?: string;
}

const prototype = Database.prototype as unknown as {
  prepare(sql: string): StatementInternals;
  exec(sql: string): void;
};
const prepare = prototype.prepare;
let statementPatched = false;
prototype.prepare = function (this: unknown, sql: string) {
  const statement = prepare.call(this, sql);
  statement.__benchSql = sql;
  if (!statementPatched) {
    const statementPrototype = Object.getPrototypeOf(statement) as StatementInternals;
    const bind = statementPrototype._bind;
    if (typeof bind !== 'function') throw new Error('node-sqlite3-wasm changed: Statement._bind is gone');
    statementPrototype._bind = function (this: StatementInternals, values: unknown) {
      announce({ type: 'statement', sql: this.__benchSql ?? '', values });
      return bind.call(this, values);
    };
    statementPatched = true;
  }
  return statement;
};
const exec = prototype.exec;
prototype.exec = function (this: unknown, sql: string) {
  announce({ type: 'exec', sql });
  return exec.call(this, sql);
};

// Mark the end of each request, so the capture knows every statement of it has been announced.
const port = parentPort;
if (port) {
  const postMessage = port.postMessage.bind(port);
  port.postMessage = (message: { id: number }, transfer?: readonly ArrayBuffer[]) => {
    announce({ type: 'response', id: message.id });
    postMessage(message, transfer as ArrayBuffer[] | undefined);
  };
}
