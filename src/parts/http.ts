import type { BotHealth } from '../health.js';
import type { Component } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { BotHttpServer } from '../slack/httpServer.js';
import { StartupError } from '../startupError.js';

/**
 * Listens on PORT: /healthz, /readyz, /livez and /metrics at once, Slack's requests once the
 * ingress routes them. Started first (so that /healthz answers 503 while the rest starts) and
 * stopped last.
 */
export function httpServerComponent(options: {
  port: number;
  host?: string;
  health: BotHealth;
  metrics: Metrics;
  logger: Logger;
}): Component<BotHttpServer> {
  const { port, health, metrics, logger } = options;
  return {
    name: 'http',
    start: async () => {
      let http: BotHttpServer;
      try {
        http = await BotHttpServer.start({
          port,
          ...(options.host ? { host: options.host } : {}),
          health: health.report,
          liveness: health.liveness,
          metrics: () => metrics.render(),
          logger,
        });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') throw new StartupError(`PORT ${port} is already in use; set PORT to a free port.`, 2);
        if (code === 'EACCES') throw new StartupError(`PORT ${port} may not be used by this user; set PORT to a port above 1023.`, 2);
        throw error;
      }
      return {
        value: http,
        stop: async () => {
          // After a drain this finds it closed already; after a failed start it closes it now.
          http.destroyConnections();
          await http.close();
        },
      };
    },
  };
}
