import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hangUpLeg, listCalls } from './legs';
import { json, notFound, twilioError } from './replies';
import { createCall, fetchCall, fetchRecording, updateCall } from './rest';
import { API, type EmulatorState } from './state';

/**
 * The emulator's HTTP server: Basic auth with the configured account, the request's path matched
 * to a REST resource (rest.ts), and the /__emulator/ endpoints tests and demos use.
 */

export async function listen(state: EmulatorState): Promise<string> {
  const server = http.createServer((req, res) => {
    route(state, req, res).catch((err: unknown) => {
      state.log('request failed', { err: String(err) });
      if (!res.headersSent) json(res, 500, { code: 20500, message: 'Internal Server Error', status: 500 });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(state.options.port ?? 0, state.options.host ?? '127.0.0.1', () => resolve());
  });
  state.server = server;
  const address = server.address() as AddressInfo;
  state.url = `http://${state.options.host ?? '127.0.0.1'}:${address.port}`;
  return state.url;
}

export async function close(state: EmulatorState): Promise<void> {
  const server = state.server;
  state.server = null;
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function route(state: EmulatorState, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const arrivedAt = Date.now();
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const body = await readBody(req);
  if (url.pathname === '/' || url.pathname === '/health') return json(res, 200, { ok: true, emulator: 'twilio', calls: state.legs.size });
  if (!authorised(state, req)) return twilioError(res, 401, 20003, 'Authenticate');

  if (url.pathname === '/__emulator/calls' && req.method === 'GET') return json(res, 200, { calls: listCalls(state) });
  const control = /^\/__emulator\/calls\/(CA[0-9a-f]{32})\/hangup$/.exec(url.pathname);
  if (control && req.method === 'POST') return json(res, hangUpLeg(state, control[1]) ? 200 : 404, { sid: control[1] });

  const list = new RegExp(`^${API}/Accounts/([^/]+)/Calls\\.json$`).exec(url.pathname);
  const item = new RegExp(`^${API}/Accounts/([^/]+)/Calls/([^/]+)\\.json$`).exec(url.pathname);
  const recording = new RegExp(`^${API}/Accounts/([^/]+)/Recordings/([^/.]+)(\\.[a-z0-9]+)?$`).exec(url.pathname);
  const account = list?.[1] ?? item?.[1] ?? recording?.[1];
  if (account !== undefined && account !== state.options.accountSid) return twilioError(res, 401, 20003, 'Authenticate');
  const form = new URLSearchParams(body);

  if (list && req.method === 'POST') return createCall(state, res, form, arrivedAt);
  if (item && req.method === 'GET') return fetchCall(state, res, item[2], url.pathname);
  if (item && req.method === 'POST') return updateCall(state, res, item[2], form, url.pathname);
  if (recording && req.method === 'GET') return fetchRecording(state, req, res, recording[2], recording[3] ?? '', url.pathname);
  return notFound(res, url.pathname);
}

function authorised(state: EmulatorState, req: http.IncomingMessage): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return decoded.slice(0, colon) === state.options.accountSid && decoded.slice(colon + 1) === state.options.authToken;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
