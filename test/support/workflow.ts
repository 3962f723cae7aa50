import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock.js';
import { FreebitClient } from '../../src/freebit/index.js';
import { silentLogger } from '../../src/logger.js';
import { phoneNumber } from '../../src/phone.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { requestCollections } from '../../src/workflow/context.js';
import { lineKeyOf } from '../../src/workflow/requestLines.js';
import { CHANGE_PATHS } from './freebit.js';
import {
  Approvals,
  FollowUps,
  WorkflowError,
  replyKeyOf,
  type WorkflowErrorCode,
  type ApprovalMessenger,
  type ApprovalRequest,
  type ChangeDraft,
  type Decision,
  type Directory,
  type People,
  type PolicyConfig,
  type ThreadEvent,
} from '../../src/workflow/index.js';

/** Records what the workflow asked Slack to show, as the Slack layer would receive it. */
export class RecordingMessenger implements ApprovalMessenger {
  readonly posted: ApprovalRequest[] = [];
  readonly updates: ApprovalRequest[] = [];
  readonly thread: Array<{ requestId: string; event: ThreadEvent; state: string }> = [];
  /** Runs before each thread reply is recorded: a test looks at the store at that moment. */
  onThread: ((requestId: string, event: ThreadEvent) => Promise<void>) | undefined;
  private next = 1;
  async postRequest(request: ApprovalRequest) {
    this.posted.push(request);
    return { channelId: request.approvalChannelId, ts: `1700000000.${String(this.next++).padStart(6, '0')}` };
  }
  async updateRequest(request: ApprovalRequest) {
    this.updates.push(request);
  }
  async postInThread(request: ApprovalRequest, event: ThreadEvent) {
    await this.onThread?.(request.id, event);
    this.thread.push({ requestId: request.id, event, state: request.state });
  }
  async findRequestMessage() {
    return undefined;
  }
  async discardMessage() {}
  async repliesIn(request: ApprovalRequest) {
    return new Set(this.thread.filter((entry) => entry.requestId === request.id).map((entry) => replyKeyOf(entry.event)));
  }
  readonly told: string[] = [];
  async tellRequester(request: ApprovalRequest) {
    this.told.push(request.id);
  }
  threadOf(requestId: string) {
    return this.thread.filter((entry) => entry.requestId === requestId).map((entry) => entry.event.kind);
  }
}

export const AGENT = 'U0AGENT';
export const DOMAIN_APPROVER = 'U0APPROVER';
export const SECOND_APPROVER = 'U0APPROVER2';
export const DOMAIN_OUTSIDER = 'U0OUTSIDER';

export interface WorkflowRig {
  approvals: Approvals;
  followUps: FollowUps;
  /** The same Freebit client the workflow uses: to act as a process that died mid-call. */
  freebit: FreebitClient;
  messenger: RecordingMessenger;
  sandbox: RunningSandbox;
  store: Store;
  clock: ManualClock;
  /** How many change calls Freebit received (cancel, contract change, registration). */
  changeCalls(): number;
  /** Puts a request where a process that died mid-call leaves it. */
  interruptMidCall(requestId: string): Promise<void>;
  /** The same store and sandbox, a new process: what a restart looks like. */
  restart(): Promise<{ approvals: Approvals; followUps: FollowUps }>;
  /** Another process on the same store and sandbox, the first one running on (a replica, or a newer deploy with its own FREEBIT_TIMEOUT_MS). */
  replica(options?: { freebitTimeoutMs?: number }): Promise<{ approvals: Approvals; followUps: FollowUps }>;
  close(): Promise<void>;
}

export async function startWorkflowRig(
  options: {
    policy?: Partial<PolicyConfig>;
    ttlMs?: number;
    storeFile?: string;
    /** A Redis store instead of SQLite (its URL and a key prefix of the test's own). */
    redis?: { url: string; prefix: string };
    deadlineAfterDueMs?: number;
    directory?: Directory;
    people?: People;
    wrapStore?: (store: Store) => Store;
    /** APPROVAL_REMIND_AFTER_MS; unset: no reminders. */
    remindAfterMs?: number;
    /** The pace of the bot's own Freebit calls (a batch's lines); unset: the bot's default. */
    freebitCallsPerSecond?: number;
  } = {},
): Promise<WorkflowRig> {
  const clock = new ManualClock();
  const sandbox = await startSandbox({ clock });
  // The rig's own folder (unless the test brings a store file), removed by close().
  const folder = options.storeFile ? undefined : mkdtempSync(join(tmpdir(), 'freebit-ops-wf-'));
  const file = options.storeFile ?? join(folder!, 'store.sqlite');
  const storeUrl = options.redis ? options.redis.url : `sqlite://${file}`;
  const stores: Store[] = [];
  const clients: FreebitClient[] = [];
  const executors: Array<Approvals['executor']> = [];
  const messenger = new RecordingMessenger();
  const build = async (freebitTimeoutMs = 2_000) => {
    const opened = await openStore(storeUrl, { clock, ...(options.redis ? { prefix: options.redis.prefix } : {}) });
    const store = options.wrapStore ? options.wrapStore(opened) : opened;
    stores.push(store);
    const freebit = new FreebitClient({
      baseUrl: sandbox.url,
      credentials: { oemId: 'o', oemKey: 'k' },
      authKeyCache: store.authKey,
      timeoutMs: freebitTimeoutMs,
    });
    clients.push(freebit);
    const followUps = new FollowUps(
      { store, freebit, messenger, clock, logger: silentLogger, requests: requestCollections(store).requests },
      {
        pollIntervalMs: 60_000,
        lookupsPerSecond: 1_000,
        leaseRenewalMs: 50,
        ...(options.deadlineAfterDueMs ? { deadlineAfterDueMs: options.deadlineAfterDueMs } : {}),
      },
    );
    const approvals = new Approvals({
      store,
      freebit,
      messenger,
      directory: options.directory ?? { membersOf: async () => new Set<string>() },
      people: options.people ?? { isGuest: async () => false },
      clock,
      logger: silentLogger,
      policy: {
        approverUserIds: [DOMAIN_APPROVER, SECOND_APPROVER, AGENT],
        allowedChannelIds: [],
        approvalsRequired: {},
        ...options.policy,
      },
      approvalTtlMs: options.ttlMs ?? 24 * 60 * 60 * 1000,
      approvalChannelId: 'C0APPROVALS',
      freebitTimeoutMs,
      onAccepted: (request, phone) => followUps.watch(request, phone),
      ...(options.remindAfterMs !== undefined ? { remindAfterMs: options.remindAfterMs } : {}),
      ...(options.freebitCallsPerSecond !== undefined ? { freebitCallsPerSecond: options.freebitCallsPerSecond } : {}),
    });
    // As the bot's workers start it: an approval wakes it, and it carries the request through in the background.
    approvals.executor.start();
    executors.push(approvals.executor);
    return { store, approvals, freebit, followUps };
  };
  const first = await build();
  return {
    approvals: first.approvals,
    followUps: first.followUps,
    freebit: first.freebit,
    messenger,
    sandbox,
    store: first.store,
    clock,
    changeCalls: () => sandbox.received.filter((entry) => CHANGE_PATHS.includes(entry.path)).length,
    interruptMidCall: async (requestId) => {
      // As a process that died around the Freebit call leaves it: the request and its line `executing`.
      const { requests, requestLines } = requestCollections(first.store);
      const moved = await requests.update(requestId, (current) => ({ ...current, state: 'executing', executingSince: clock.now() }));
      const lines = moved.updated ? moved.value.lines : [];
      for (const line of lines) await requestLines.update(lineKeyOf(line), (current) => ({ ...current, state: 'executing' }));
    },
    restart: async () => {
      await executors.at(-1)!.stop();
      await stores.at(-1)!.close();
      return build();
    },
    replica: (replicaOptions) => build(replicaOptions?.freebitTimeoutMs),
    close: async () => {
      await Promise.all(executors.map((executor) => executor.stop()));
      await Promise.all(clients.map((client) => client.close()));
      for (const store of stores) await store.close().catch(() => {});
      await sandbox.close();
      if (folder) rmSync(folder, { recursive: true, force: true });
    },
  };
}

export function cancellation(phone = '09012345678', runDate?: string): ChangeDraft {
  return { operation: 'cancel', order: { phone: phoneNumber(phone), ...(runDate ? { runDate: runDate as never } : {}) } };
}

export function contractChange(phone: string, contractLine: '4G' | '5G'): ChangeDraft {
  return { operation: 'contract', order: { phone: phoneNumber(phone), contractLine } };
}

export function registration(phone: string, planCode = 'LTE3G_P01'): ChangeDraft {
  return { operation: 'register', order: { phone: phoneNumber(phone), planCode } };
}

/** The code a workflow call was refused with; fails the test when it was not refused with a WorkflowError. */
export async function refusedWith(work: Promise<unknown>): Promise<WorkflowErrorCode> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof WorkflowError)) throw new Error(`expected a WorkflowError, got ${String(error)}`);
  return error.code;
}

/**
 * An Approve click as a workflow test reads it: the decision, and once it is `approved`, the
 * executor's work through (it runs in the background, woken by the decision, as in the bot);
 * the request then as it stands.
 */
export async function approveAndExecute(approvals: Approvals, requestId: string, approverId: string): Promise<Decision> {
  const decision = await approvals.approve(requestId, approverId);
  if (decision.outcome !== 'approved') return decision;
  await approvals.executor.idle();
  return { ...decision, request: (await approvals.get(requestId)) ?? decision.request };
}
