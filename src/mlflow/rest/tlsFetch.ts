/**
 * A fetch over node:https for servers that need a custom CA or no certificate check.
 *
 * Why not undici's `Agent({ connect: { ca, rejectUnauthorized } })` as fetch's dispatcher: Node 20
 * bundles undici for its global fetch but does not export it, and a dispatcher from the npm
 * `undici` package must match the bundled version's internals, which change with every Node
 * (and Electron, in VS Code) release. node:https takes `ca`/`rejectUnauthorized` directly, with
 * no dependency, so only the connections that need those options use it; everything else keeps
 * the global fetch.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import { StoreError } from '../errors';

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function tlsAgent(caCertPath: string | undefined, insecure: boolean): https.Agent {
  let ca: Buffer | undefined;
  if (caCertPath) {
    try {
      ca = readFileSync(caCertPath);
    } catch (error) {
      throw new StoreError('UNREACHABLE', `Cannot read the CA certificate file ${caCertPath}: ${(error as Error).message}`);
    }
  }
  return new https.Agent({ ca, rejectUnauthorized: !insecure, keepAlive: true });
}

/** The subset of fetch the HTTP client uses: string URL, method, headers record, string body. */
export function nodeFetch(agent: https.Agent): typeof fetch {
  return ((input: string | URL, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(
        url,
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string>,
          agent: secure ? agent : undefined,
          signal: init.signal ?? undefined,
        },
        (message) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(message.headers)) {
            if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
            else if (value !== undefined) headers.set(name, value);
          }
          const status = message.statusCode ?? 500;
          const body = NULL_BODY_STATUSES.has(status) ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>);
          if (!body) message.resume();
          resolve(new Response(body, { status, statusText: message.statusMessage, headers }));
        },
      );
      request.on('error', (error) => reject(Object.assign(new TypeError('fetch failed'), { cause: error })));
      request.end(typeof init.body === 'string' ? init.body : undefined);
    })) as typeof fetch;
}
