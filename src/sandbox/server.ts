import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../clock.js';
import { todayInJapan } from '../dates.js';
import { AuthKeys, authOem } from './auth.js';
import { envelope, type CodeStyle } from './codes.js';
import { FaultQueue } from './faults.js';
import { readJsonField } from './form.js';
import { writeJson } from './json-writer.js';
import { LineBook } from './lines.js';
import { cancel } from './operations/cancel.js';
import { changeContractLine } from './operations/change-contract-line.js';
import type { Answer, Operation } from './operations/context.js';
import { lookup } from './operations/lookup.js';
import { register } from './operations/register.js';
import { seedLines } from './seed.js';
import type { ReceivedRequest, RunningSandbox, SandboxOptions } from './types.js';

export const BASE_PATH = '/emptool/api';
export const DEFAULT_PLAN_CODES = ['LTE3G_P01', 'LTE3G_P02', 'LTE5G_P01'];

interface Route {
  operation: Operation;
  /** The code for a missing authKey (null: the route needs none). */
  missingKey: 205 | 228 | null;
  style: CodeStyle;
}

/** Starts a Freebit stand-in on loopback HTTP (docs/freebit.md, "Wire format": POST, form field `json`, base `/emptool/api`). */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const clock = options.clock ?? systemClock;
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0 && Number.isFinite(timeScale))) throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  const planCodes = new Set(options.planCodes ?? DEFAULT_PLAN_CODES);
  const book = new LineBook();
  if (options.seed ?? true) for (const line of seedLines(clock.now(), timeScale)) book.put(line);
  const keys = new AuthKeys();
  const faults = new FaultQueue();
  const received: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  // Paths exactly as the spec prints them, trailing slash included: anything else is 404.
  const routes = new Map<string, Route>([
    ['/authOem/', { operation: authOem(keys, options), missingKey: null, style: 'string' }],
    ['/master/getAcnt/', { operation: lookup, missingKey: 228, style: 'number' }],
    ['/master/addAcnt/', { operation: register, missingKey: 205, style: 'string' }],
    ['/master/cnclAcnt/', { operation: cancel, missingKey: 228, style: 'string' }],
    ['/mvno/contractline/change/', { operation: changeContractLine, missingKey: 228, style: 'string' }],
  ]);

  function answer(route: Route, json: unknown): Answer {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) return { code: 204 };
    const request = json as Record<string, unknown>;
    const refusal = route.missingKey === null ? undefined : keys.refusal(request, route.missingKey);
    if (refusal !== undefined) return { code: refusal };
    const now = clock.now();
    return route.operation(request, { book, now, today: todayInJapan(now), timeScale, planCodes });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const pathname = new URL(req.url ?? '/', 'http://sandbox').pathname;
    const path = pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : pathname;
    const json = await readJsonField(body, req.headers['content-type']);
    received.push({ path, json, at: clock.now() });
    const route = pathname.startsWith(`${BASE_PATH}/`) ? routes.get(path) : undefined;
    if (!route) return sendText(res, 404, 'Not Found');
    if (req.method !== 'POST') return sendText(res, 405, 'Method Not Allowed');
    const fault = faults.take(path);
    if (fault?.kind === 'hang') return; // held open until close() ends the connection
    if (fault?.kind === 'reset') return void req.socket.destroy();
    // What a proxy in front of Freebit answers when the service behind it fails: not JSON.
    if (fault?.kind === 'http-status')
      return sendText(res, fault.status, '<html><body><h1>Service Unavailable</h1></body></html>', 'text/html');
    if (fault?.kind === 'result-code') return sendJson(res, envelope(fault.code, route.style));
    if (fault?.kind === 'answer' && !fault.apply) return sendText(res, 200, fault.body, 'application/json; charset=utf-8');
    if (fault?.kind === 'apply-later') {
      await sleep(fault.ms);
      answer(route, json);
      return void res.destroy();
    }
    const outcome = answer(route, json);
    if (fault?.kind === 'apply-then-reset') return void req.socket.destroy();
    if (fault?.kind === 'answer') return sendText(res, 200, fault.body, 'application/json; charset=utf-8');
    // Choice: a slow Freebit has already done the work when its answer is late, which is the case a client must survive.
    if (fault?.kind === 'delay') await sleep(fault.ms);
    sendJson(res, envelope(outcome.code, route.style, outcome.rest));
  }

  // Timers are remembered so close() can drop a delayed answer instead of waiting for it.
  const sleep = (ms: number) => new Promise<void>((resolve) => timers.add(setTimeout(resolve, ms)));

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}${BASE_PATH}`,
    received,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        // Ends idle keep-alive connections and hung or delayed requests, so close never waits on them.
        server.closeAllConnections();
      });
      return closing;
    },
    clearReceived: () => {
      received.length = 0;
    },
    injectFault: (path, fault, times) => faults.add(path, fault, times),
    revokeAuthKeys: () => keys.revokeAll(),
    line: (account) => book.get(account, clock.now()),
    putLine: (line) => book.put(line),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, value: unknown): void {
  sendText(res, 200, writeJson(value), 'application/json; charset=utf-8');
}

function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
