// The model-server client against a real HTTP server on 127.0.0.1 standing in for
// `mlflow models serve`: waiting for /ping, and responses, errors, non-JSON and timeouts.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { describeInvocation, freePort, invoke, serveArgs, waitForPing } from '../../src/serving/endpoint';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;
const servers: Server[] = [];
after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => handler(request, body, response));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}

test('serve arguments and a free port on 127.0.0.1', async () => {
  assert.deepEqual(serveArgs('models:/wine/3', 5123, 'uv'), ['models', 'serve', '-m', 'models:/wine/3', '-p', '5123', '-h', '127.0.0.1', '--env-manager', 'uv']);
  const port = await freePort();
  assert.ok(port > 0 && port < 65536);
});

test('waits until /ping answers 200, asking again while the model loads', async () => {
  let pings = 0;
  const url = await serve((request, _body, response) => {
    if (request.url === '/ping') pings++;
    response.writeHead(pings < 3 ? 503 : 200).end();
  });
  await waitForPing(url, { timeoutMs: 10_000, intervalMs: 10 });
  assert.equal(pings, 3);
});

test('gives up on a server that never gets ready, or one whose process ended', async () => {
  const url = await serve((_request, _body, response) => response.writeHead(503).end());
  await assert.rejects(waitForPing(url, { timeoutMs: 200, intervalMs: 10 }), /did not answer \/ping within 0 s/);
  const ended = new AbortController();
  ended.abort();
  await assert.rejects(waitForPing(url, { timeoutMs: 10_000, signal: ended.signal }), /stopped before it answered/);
  const nobody = `http://127.0.0.1:${await freePort()}`;
  await assert.rejects(waitForPing(nobody, { timeoutMs: 150, intervalMs: 10 }), /did not answer/);
});

test('a prediction: the JSON response, its status and timing', async () => {
  let received = '';
  const url = await serve((request, body, response) => {
    received = `${request.method} ${request.url} ${request.headers['content-type']} ${body}`;
    json(response, 200, { predictions: [5.2, 6.1] });
  });
  const request = '{"dataframe_split": {"columns": ["a"], "data": [[1], [2]]}}';
  const result = await invoke(url, request, 5_000);
  assert.equal(received, `POST /invocations application/json ${request}`);
  assert.equal(result.status, 200);
  assert.deepEqual(result.json, { predictions: [5.2, 6.1] });
  assert.equal(result.error, undefined);
  assert.ok(result.elapsedMs >= 0);
  assert.match(describeInvocation(request, result), /^200 OK — \d+ ms\n\n## Response\n\{\n {2}"predictions": \[\n {4}5\.2,/);
});

test("MLflow's 400/500 errors show its message; a non-JSON answer and a timeout are errors too", async () => {
  const url = await serve((_request, body, response) => {
    if (body === 'bad') return json(response, 400, { error_code: 'BAD_REQUEST', message: 'Invalid input. Expected dataframe_split' });
    if (body === 'crash') return response.writeHead(500, 'Internal Server Error', { 'content-type': 'text/html' }).end('<h1>boom</h1>');
    if (body === 'html') return response.writeHead(200, { 'content-type': 'text/html' }).end('<html>not json</html>');
    // 'slow': never answers.
  });
  const bad = await invoke(url, 'bad', 5_000);
  assert.equal(bad.status, 400);
  assert.equal(bad.error, 'The server answered 400 Bad Request: Invalid input. Expected dataframe_split');
  const crash = await invoke(url, 'crash', 5_000);
  assert.equal(crash.error, 'The server answered 500 Internal Server Error');
  assert.match(describeInvocation('crash', crash), /^Error: The server answered 500 Internal Server Error — \d+ ms\n\n## Response\n<h1>boom<\/h1>/);
  const html = await invoke(url, 'html', 5_000);
  assert.equal(html.error, 'The server answered text/html, not JSON');
  const slow = await invoke(url, 'slow', 200);
  assert.equal(slow.status, undefined);
  assert.equal(slow.error, 'No answer within 0 s');
  const nobody = await invoke(`http://127.0.0.1:${await freePort()}`, '{}', 2_000);
  assert.match(nobody.error ?? '', /^Could not reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
});
