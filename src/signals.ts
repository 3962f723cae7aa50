/**
 * How the process answers signals and the errors nobody handled (README, "Stopping and
 * restarting"): the first SIGTERM, SIGINT or SIGHUP starts the drain and the process exits 0
 * once it is done; a second Ctrl-C after a pause quits at once (130); an unhandled rejection or
 * an uncaught exception exits 1 at once.
 */
import type { Logger } from './logger.js';

/** What a signal stops: the started bot. */
export interface Stoppable {
  /** Acknowledged Slack requests not finished yet. */
  inFlight(): number;
  stop(): Promise<void>;
}

/** A second Ctrl-C at least this long after the first quits at once; sooner, it is the same press. */
const FORCE_QUIT_AFTER_MS = 1_000;

/**
 * A rejection nobody handled, or an exception nobody caught, leaves the process in a state no
 * one planned for: it writes one line (`bot.fatal`, through the logger that censors secrets)
 * and exits 1 at once. The supervisor starts it again, and the sweep finishes what was cut
 * short, as after any crash (README, "Stopping and restarting").
 */
export function exitOnFatalErrors(logger: Logger): void {
  let exiting = false;
  const fatal = (kind: 'unhandled_rejection' | 'uncaught_exception') => (error: unknown) => {
    if (exiting) return;
    exiting = true;
    try {
      logger.fatal(
        { event: 'bot.fatal', kind, err: error },
        `${kind === 'unhandled_rejection' ? 'an unhandled rejection' : 'an uncaught exception'}: exiting, to be restarted`,
      );
    } finally {
      process.exit(1);
    }
  };
  process.on('unhandledRejection', fatal('unhandled_rejection'));
  process.on('uncaughtException', fatal('uncaught_exception'));
}

/**
 * The first SIGTERM, SIGINT or SIGHUP (the terminal that ran `npm start` was closed) starts the
 * drain; the process exits 0 once it is done (or its grace has passed). Heard from the first
 * moment: a signal while the bot starts stops it once it has started, rather than killing it
 * half-way. The same signal often arrives twice within a millisecond: npm forwards what it got
 * to the bot, and a terminal's Ctrl-C or `systemctl stop` signals the whole process group. So a
 * repeat during the drain is logged and ignored; only a person pressing Ctrl-C again after a
 * pause quits at once (status 130), as the drain says it would.
 */
export function stopOnSignals(starting: Promise<Stoppable>, logger: Logger): void {
  let bot: Stoppable | undefined;
  // A start that fails is answered by the caller; here it only means there is nothing to stop.
  starting.then((started) => (bot = started)).catch(() => {});
  let firstAt: number | undefined;
  const onSignal = (signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP') => {
    const now = performance.now();
    if (firstAt === undefined) {
      firstAt = now;
      const inFlight = bot?.inFlight() ?? 0;
      logger.info(
        { event: 'bot.signal', signal, inFlight },
        `${signal} received: stopping: press Ctrl-C again to quit now, ${inFlight} requests in flight`,
      );
      if (process.stderr.isTTY) process.stderr.write(`stopping: press Ctrl-C again to quit now, ${inFlight} requests in flight\n`);
      starting
        .then((started) => started.stop())
        .then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ event: 'bot.stop_failed', err: error }, 'stop failed');
            process.exit(1);
          },
        );
      return;
    }
    if (signal === 'SIGINT' && now - firstAt >= FORCE_QUIT_AFTER_MS) {
      logger.warn(
        { event: 'bot.forced_exit', inFlight: bot?.inFlight() ?? 0 },
        'Ctrl-C again: quitting now, without finishing the requests in flight',
      );
      process.exit(130);
    }
    logger.info({ event: 'bot.signal_ignored', signal }, `${signal} received again while stopping: ignored, the drain goes on`);
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGHUP', () => onSignal('SIGHUP'));
}
