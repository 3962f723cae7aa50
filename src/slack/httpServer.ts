import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../logger.js';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;
export interface Health {
  status: number;
  body: Record<string, unknown>;
}

/** What `GET /metrics` serves (Prometheus text format). */
export type MetricsSource = () => Promise<{ contentType: string; body: string }>;

interface ServerOptions {
  port: number;
  host?: string;
  /** `GET /healthz` and `GET /readyz`: 200 once ready to take requests, 503 before. */
  health: () => Promise<Health>;
  /** `GET /livez`: 200 while the process answers at all (starting and stopping included). */
  liveness?: () => Record<string, unknown>;
  metrics?: MetricsSource;
  logger: Logger;
}

/**
 * The bot's one HTTP server (docs/runtime-contract.md): `GET /healthz` (= `/readyz`),
 * `GET /livez` and `GET /metrics` from the first moment, and `POST /slack/events` handed to Bolt's receiver once the bot is ready (503
 * before, so Slack retries rather than hearing a half-started bot).
 */
export class BotHttpServer {
  private slackHandler: RequestHandler | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private listeningOn: { port: number; url: string } | undefined;

  private constructor(private readonly options: ServerOptions) {
    this.server = createServer((request, response) => this.route(request, response));
    // Slack gives up after 3 s anyway; a stalled client should not hold a socket for minutes.
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: ServerOptions): Promise<BotHttpServer> {
    const self = new BotHttpServer(options);
    await new Promise<void>((resolve, reject) => {
      self.server.once('error', reject);
      self.server.listen(options.port, options.host, () => {
        self.server.off('error', reject);
        resolve();
      });
    });
    const { port } = self.server.address() as AddressInfo;
    const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
    self.listeningOn = { port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
    return self;
  }

  get port(): number {
    return this.listeningOn!.port;
  }

  /** Where this machine reaches it, e.g. `http://127.0.0.1:3000`. */
  get url(): string {
    return this.listeningOn!.url;
  }

  private route(request: IncomingMessage, response: ServerResponse): void {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const read = request.method === 'GET' || request.method === 'HEAD';
    if ((path === '/healthz' || path === '/readyz') && read) {
      void answerHealth(this.options.health, response, this.options.logger);
      return;
    }
    if (path === '/livez' && read) return sendJson(response, 200, { status: 'alive', ...this.options.liveness?.() });
    if (path === '/metrics' && read && this.options.metrics) {
      void answerMetrics(this.options.metrics, response, this.options.logger);
      return;
    }
    if (path === '/slack/events' && request.method === 'POST') {
      if (this.slackHandler) return this.slackHandler(request, response);
      return sendJson(response, 503, { error: 'not ready' });
    }
    sendJson(response, 404, { error: 'not found' });
  }

  /** From now on Slack's requests go to Bolt (undefined: refuse them again, e.g. while stopping). */
  routeSlackTo(handler: RequestHandler | undefined): void {
    this.slackHandler = handler;
  }

  /** Stops accepting connections; requests already being read are answered. Resolves when all connections closed. */
  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    return closed;
  }

  /** After the grace period: whatever is still open is cut. */
  destroyConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

async function answerHealth(health: () => Promise<Health>, response: ServerResponse, logger: Logger): Promise<void> {
  try {
    const { status, body } = await health();
    sendJson(response, status, body);
  } catch (error) {
    logger.error({ event: 'health.failed', err: error }, 'health check failed');
    sendJson(response, 503, { status: 'error' });
  }
}

async function answerMetrics(metrics: MetricsSource, response: ServerResponse, logger: Logger): Promise<void> {
  try {
    const { contentType, body } = await metrics();
    response.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
    response.end(body);
  } catch (error) {
    logger.error({ event: 'metrics.failed', err: error }, 'metrics could not be collected');
    sendJson(response, 500, { error: 'metrics unavailable' });
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}
