/** Faults a ReplayServer can answer with, as real servers and proxies misbehave. */
import { createServer } from 'node:net';
import type { Fault } from './replayServer';

/** An HTML error page, as Flask/uvicorn or a proxy sends it. */
export const htmlError = (status: number, title: string): Fault => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>\n<html lang=en>\n<title>${title}</title>\n<h1>${title}</h1>\n<p>The server could not handle the request.</p>\n`);
};

export const textError = (status: number, text: string): Fault => (_req, res) => {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
};

export const emptyError = (status: number): Fault => (_req, res) => {
  res.writeHead(status, { 'content-length': '0' }).end();
};

export const jsonAnswer = (status: number, body: unknown, headers: Record<string, string> = {}): Fault => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
};

export const tooManyRequests = (retryAfterSeconds: number): Fault => (_req, res) => {
  res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': String(retryAfterSeconds) }).end('Too Many Requests');
};

/** Headers, a first chunk, then nothing: the body never ends. */
export const neverEnds: Fault = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"experiments": [');
};

/** A body that stops mid-way: content-length promises more, then the connection closes. */
export const truncatedBody: Fault = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
  res.write('{"experiments": [{"experiment_id": "1", "na');
  setImmediate(() => res.socket?.destroy());
};

/** A complete 200 whose body is not JSON. */
export const malformedJson: Fault = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"experiments": [{"experiment_id": "1"');
};

/** An endless stream of bytes (a huge artifact). */
export const endlessBytes: Fault = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  const chunk = Buffer.alloc(16 * 1024, 0x61);
  const pump = () => {
    while (!res.destroyed && res.write(chunk));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
};

export const redirectTo = (location: string, status = 307): Fault => (req, res) => {
  const search = req.query.toString();
  res.writeHead(status, { location: `${location}${req.path}${search ? `?${search}` : ''}` }).end();
};

/** A URL on 127.0.0.1 where nothing listens (a port just released). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** `fault` after `ms`: a slow server, to see how many requests wait at once. */
export const delayed = (ms: number, fault: Fault): Fault => (req, res) => {
  setTimeout(() => fault(req, res), ms);
};
