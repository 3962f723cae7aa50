import type { Dispatcher } from 'undici';
import { silentLogger, type Logger } from '../logger.js';
import type { PhoneNumber } from '../phone.js';
import type { FreebitObserver } from './call.js';
import { OemAuthenticator, type AuthKeyCache, type OemCredentials } from './auth.js';
import { cancelLine, type CancellationOrder } from './operations/cancelLine.js';
import { changeContractLine, type ContractChangeOrder } from './operations/changeContractLine.js';
import { lookupLine } from './operations/lookupLine.js';
import { registerLine, type RegistrationOrder } from './operations/registerLine.js';
import { runChange, type ChangeContext } from './operations/settle.js';
import { FreebitTransport } from './transport.js';
import type { ChangeResult, FreebitChange, FreebitService, Line } from './types.js';

export interface FreebitClientOptions {
  /** `https://<host>/emptool/api`, or the sandbox's URL. */
  baseUrl: string;
  credentials: OemCredentials;
  authKeyCache: AuthKeyCache;
  /** PA03-02's path is not printed in the spec; in use: `/master/getAcnt/`. */
  detailPath?: string;
  /** One operation's deadline, retries included (FREEBIT_TIMEOUT_MS). */
  timeoutMs?: number;
  dispatcher?: Dispatcher;
  logger?: Logger;
  /** Told of every operation (and authentication) once it ends: the metrics hook. */
  observe?: FreebitObserver;
}

export const DEFAULT_DETAIL_PATH = '/master/getAcnt/';
export const DEFAULT_TIMEOUT_MS = 8_000;

/** The typed operations over one shared context (connections, authenticator, logger, observer). */
class FreebitOperations implements FreebitService {
  constructor(protected readonly context: ChangeContext) {}

  lookupLine(phone: PhoneNumber): Promise<Line> {
    return lookupLine(this.context, this.context.detailPath, phone);
  }

  sendChange<Order extends { phone: PhoneNumber }>(operation: FreebitChange<Order>, order: Order): Promise<ChangeResult> {
    return runChange(this.context, operation, order);
  }

  /** No new connection pool, no new authentication: only the logger differs. */
  withLogger(logger: Logger): FreebitService {
    return new FreebitOperations({ ...this.context, logger });
  }

  close(): Promise<void> {
    return this.context.transport.close();
  }
}

/**
 * The Freebit service layer: one HTTP client, one authenticator, the lookup and `sendChange`
 * for any change operation. The three named changes are shorthands for scripts and tests (the
 * workflow sends through `sendChange`); a new operation needs none.
 */
export class FreebitClient extends FreebitOperations {
  constructor(options: FreebitClientOptions) {
    const logger = options.logger ?? silentLogger;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const transport = new FreebitTransport({ baseUrl: options.baseUrl, dispatcher: options.dispatcher });
    const auth = new OemAuthenticator(transport, options.credentials, options.authKeyCache, timeoutMs, logger, options.observe);
    super({
      transport,
      auth,
      timeoutMs,
      logger,
      detailPath: options.detailPath ?? DEFAULT_DETAIL_PATH,
      ...(options.observe ? { observe: options.observe } : {}),
    });
  }

  cancelLine(order: CancellationOrder): Promise<ChangeResult> {
    return this.sendChange(cancelLine, order);
  }

  changeContractLine(order: ContractChangeOrder): Promise<ChangeResult> {
    return this.sendChange(changeContractLine, order);
  }

  registerLine(order: RegistrationOrder): Promise<ChangeResult> {
    return this.sendChange(registerLine, order);
  }
}
