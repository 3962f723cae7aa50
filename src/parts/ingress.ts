import type { BotHealth, FreebitProbe } from '../health.js';
import type { Component } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { BotHttpServer } from '../slack/httpServer.js';
import type { Store } from '../store/index.js';
import type { SlackSurface } from './slack.js';

/**
 * Slack's requests in: routed to the app (HTTP) or the socket opened (Socket Mode), and the bot
 * "ready". The last part to start and the first to stop: its stop is the drain (readiness
 * "stopping", new Slack requests 503, the socket closed first, the work in flight finished
 * within `graceMs`).
 */
export function ingressComponent(parts: {
  http: BotHttpServer;
  slack: SlackSurface;
  health: BotHealth;
  ready: { store: Store; freebit: FreebitProbe; sandbox: boolean };
  mode: 'http' | 'socket';
  graceMs: number;
  logger: Logger;
}): Component {
  const { http, slack, health, logger } = parts;
  return {
    name: 'ingress',
    start: async () => {
      if (slack.httpReceiver) http.routeSlackTo(slack.httpReceiver.requestListener);
      else await slack.app.start();
      health.ready(parts.ready);
      logger.info(
        { event: 'bot.ready', port: http.port, mode: parts.mode, sandbox: parts.ready.sandbox },
        `freebit-ops listening on port ${http.port}`,
      );
      return {
        stop: async () => {
          health.stopping();
          logger.info({ event: 'bot.stopping', inFlight: slack.inFlight.size }, 'stopping: no new requests, finishing those in flight');
          // New requests first: a kept-alive socket can still deliver one during the drain, and a
          // 503 makes Slack retry it on another replica rather than start work this one may cut.
          // In Socket Mode the socket is closed now, so Slack sends its envelopes to another
          // connection instead of this one acknowledging them and then cutting them off.
          http.routeSlackTo(undefined);
          const closing = http.close();
          const socketClosing = slack.stopSocket();
          const finished = await slack.inFlight.idle(parts.graceMs);
          if (!finished) logger.warn({ event: 'bot.stop_grace_exceeded' }, 'some acknowledged work did not finish in time');
          http.destroyConnections();
          await Promise.all([closing, socketClosing]);
        },
        holding: () => ({ acknowledgedRequestsInFlight: slack.inFlight.size }),
      };
    },
    // The drain's grace, and a second to close the server and the socket.
    stopWithinMs: parts.graceMs + 1_000,
  };
}
