/**
 * Slack's side of Socket Mode on loopback: a WebSocket server that says hello to the bot's
 * connection, sends it envelopes and hears its acknowledgements. The Slack double hands its
 * URL out from apps.connections.open (`startSlackDouble({ socketUrl })`).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketModeDouble {
  /** What apps.connections.open should answer. */
  readonly url: string;
  /** Resolves once a bot is connected (and was said hello to). */
  connected(timeoutMs?: number): Promise<void>;
  /** Connections open now. */
  openConnections(): number;
  /** Resolves once no connection is open. */
  allClosed(timeoutMs?: number): Promise<void>;
  /** Sends an envelope to the connected bot; `acked` resolves with its acknowledgement, if one comes. */
  send(type: 'slash_commands' | 'interactive' | 'events_api', payload: object): { envelopeId: string; acked: Promise<unknown> };
  close(): Promise<void>;
}

export async function startSocketModeDouble(): Promise<SocketModeDouble> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const sockets = new Set<WebSocket>();
  const acks = new Map<string, (payload: unknown) => void>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (message.envelope_id) acks.get(message.envelope_id)?.(message.payload);
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: sockets.size,
        connection_info: { app_id: 'A0FREEBIT1' },
        debug_info: { host: 'double' },
      }),
    );
  });
  const { port } = server.address() as AddressInfo;
  const waitFor = async (what: string, check: () => boolean, timeoutMs: number) => {
    const deadline = performance.now() + timeoutMs;
    while (!check()) {
      if (performance.now() > deadline) throw new Error(`Socket Mode double: ${what} did not happen within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return {
    url: `ws://127.0.0.1:${port}/link`,
    connected: (timeoutMs = 5_000) => waitFor('a connection', () => sockets.size > 0, timeoutMs),
    openConnections: () => sockets.size,
    allClosed: (timeoutMs = 5_000) => waitFor('every connection closing', () => sockets.size === 0, timeoutMs),
    send: (type, payload) => {
      const envelopeId = randomUUID();
      const acked = new Promise<unknown>((resolve) => acks.set(envelopeId, resolve));
      const open = [...sockets].find((socket) => socket.readyState === socket.OPEN);
      open?.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
      return { envelopeId, acked };
    },
    close: async () => {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
