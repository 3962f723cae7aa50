import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { FreebitService } from '../freebit/index.js';
import { startComponents, type Component } from '../lifecycle.js';
import type { Logger } from '../logger.js';
import type { SlackClient } from '../slack/boltApp.js';
import { SlackBudget } from '../slack/budget.js';
import { SlackApprovalMessenger, SlackDirectory, type SlackChannels, type SlackPeople } from '../slack/index.js';
import type { Store } from '../store/index.js';
import { AccessLog, Approvals, Courier, FollowUps, requestCollections, type AccessRefusal, type LookupSurface } from '../workflow/index.js';
import { Sweeper } from '../workflow/sweeper.js';

/** The workflow the listeners are given. */
export interface Workflow {
  approvals: Approvals;
  followUps: FollowUps;
  accessLog: AccessLog;
  courier: Courier;
}

export interface WorkflowParts {
  store: Store;
  freebit: FreebitService;
  clock: Clock;
  logger: Logger;
  /** The Web API client of the background work (`SlackApp.backgroundClient`). */
  client: SlackClient;
  botId: string;
  people: SlackPeople;
  externalChannels?: SlackChannels;
  sandbox: boolean;
  accessLogWriteTimeoutMs?: number;
  onLookupRefused?: (reason: AccessRefusal, surface: LookupSurface) => void;
  /** Tests only: `false` leaves the background calls without the bot's own budget toward Slack. */
  slackBudget?: boolean;
  /** How often the sweep runs. */
  sweepMs: number;
}

/**
 * The workflow, speaking in Slack, and its whole life: built, its workers started (the one place
 * they start and stop: `workersComponent`), told at the drain (the executor claims nothing new,
 * the courier stops waiting on Slack's limits), and stopped: the workers first, then the courier and the access log, before Freebit, Slack
 * and the store close.
 */
export function workflowComponent(config: Config, parts: WorkflowParts): Component<Workflow> {
  return {
    name: 'workflow',
    start: async () => {
      const workflow = createWorkflow(config, parts);
      const { components } = await startComponents(parts.logger, async (started) => {
        await started.start(deliveryComponent(workflow));
        await started.start(
          workersComponent(workflow, { logger: parts.logger, sweepMs: parts.sweepMs, freebitTimeoutMs: config.freebit.timeoutMs }),
        );
      });
      return {
        value: workflow,
        // The executor claims nothing new (no request, no line of one in flight): the stop waits for
        // the calls already out only. Deliveries still queued are tried once, without waiting out
        // Slack's limits (courier.ts); what Slack refuses stays in the outbox for the sweep.
        drain: () => {
          workflow.approvals.executor.stopClaiming();
          workflow.courier.stop();
        },
        stop: () => components.stop(),
      };
    },
  };
}

/**
 * What runs beside the listeners: the executor (carrying approved requests through), the sweep
 * (`Sweeper`, which also hands the executor what a stopped process left) and the follow-up poller. They start
 * once the workflow is built, just before the bot takes requests, and stop once the drain is
 * over; the stop waits for each.
 */
function workersComponent(workflow: Workflow, options: { logger: Logger; sweepMs: number; freebitTimeoutMs: number }): Component {
  const { approvals, followUps, accessLog } = workflow;
  const { executor } = approvals;
  return {
    name: 'workers',
    start: async () => {
      executor.start();
      followUps.start();
      const sweeper = new Sweeper({ approvals, accessLog, logger: options.logger }, options.sweepMs);
      sweeper.start();
      return {
        stop: async () => {
          await Promise.allSettled([executor.stop(), followUps.stop(), sweeper.stop()]);
        },
        holding: () => ({ ...followUps.holding(), requestsBeingExecuted: executor.working(), sweeping: sweeper.sweeping() }),
      };
    },
    // Long enough for a Freebit call the executor has out (it claims no new request or line once
    // the stop begins), and for a lost answer to be settled by its two look-ups (freebit/operations/settle.ts). A round or a sweep waiting on a stalled store is dropped: its jobs and
    // requests stay in the store, their leases lapse, and another replica or the next start
    // takes them up (a line left `executing` is settled by a look-up, never sent again).
    stopWithinMs: 3 * options.freebitTimeoutMs + 2_000,
  };
}

/** The courier and the access log: stopping waits for the access log's writes in flight before the store closes. */
function deliveryComponent(workflow: Workflow): Component {
  return {
    name: 'workflow',
    start: async () => ({
      stop: async () => {
        // What the courier still holds is tried once more and otherwise left owed (the sweep's).
        workflow.courier.stop();
        await workflow.courier.idle();
        await workflow.accessLog.stop();
      },
    }),
    // The courier's last tries and the access log's writes are bounded by the store's and Slack's deadlines; this bounds the stop as a whole.
    stopWithinMs: 1_500,
  };
}

function createWorkflow(config: Config, parts: WorkflowParts): Workflow {
  const { store, freebit, clock, logger } = parts;
  // Whom a reminder mentions: the workflow says "remind"; who the approvers are in Slack is said here.
  const { approverUserIds, approverUsergroupId } = config.approvals;
  const approvers = { approverUserIds, ...(approverUsergroupId ? { approverUsergroupId } : {}) };
  // The workflow speaks through a Web API client of its own (the app's retries, its SLACK_API_URL),
  // apart from the one answering people, at a budget shared by every replica (slack/budget.ts).
  const budget = parts.slackBudget === false ? undefined : new SlackBudget((name, rate) => store.pace(name, rate));
  const messenger = new SlackApprovalMessenger(parts.client, {
    locales: parts.people,
    sandbox: parts.sandbox,
    approvers,
    ...(budget ? { budget } : {}),
    botId: parts.botId,
    logger,
  });
  const { requests } = requestCollections(store);
  // One courier for the approvals and the follow-ups: one queue per request, whoever hands it work.
  const courier = new Courier({ store, requests, messenger, logger, clock });
  const followUps = new FollowUps(
    { store, freebit, messenger, clock, logger, requests, courier },
    // A job's lease is short and renewed while its poll and its reply run (leases.ts).
    { pollIntervalMs: config.pollIntervalMs, deadlineAfterDueMs: config.followUpDeadlineMs },
  );
  const { approvals: settings } = config;
  const accessLog = new AccessLog(store.access, clock, logger, {
    retentionDays: config.access.accessLogRetentionDays,
    maxPerHour: config.access.lookupMaxPerHour,
    claim: (key, owner, ttlMs) => store.claim(key, owner, ttlMs),
    ...(parts.onLookupRefused ? { onRefused: parts.onLookupRefused } : {}),
    ...(parts.accessLogWriteTimeoutMs !== undefined ? { writeTimeoutMs: parts.accessLogWriteTimeoutMs } : {}),
  });
  const approvals = new Approvals({
    store,
    accessLog,
    freebit,
    messenger,
    directory: new SlackDirectory(parts.client),
    people: parts.people,
    clock,
    logger,
    policy: {
      approverUserIds: settings.approverUserIds,
      ...(settings.approverUsergroupId ? { approverUsergroupId: settings.approverUsergroupId } : {}),
      ...(settings.requesterUsergroupId ? { requesterUsergroupId: settings.requesterUsergroupId } : {}),
      allowedChannelIds: settings.allowedChannelIds,
      approvalsRequired: settings.required,
      bulkApprovalsRequired: settings.bulkRequired,
      lookupUserIds: config.access.lookupUserIds,
      ...(config.access.lookupUsergroupId ? { lookupUsergroupId: config.access.lookupUsergroupId } : {}),
      allowGuests: config.access.allowGuests,
    },
    approvalTtlMs: settings.ttlMs,
    ...(settings.channelId ? { approvalChannelId: settings.channelId } : {}),
    ...(parts.externalChannels ? { externalChannels: parts.externalChannels } : {}),
    freebitTimeoutMs: config.freebit.timeoutMs,
    onAccepted: (request, phone) => followUps.watch(request, phone),
    ...(config.historyRetentionDays !== undefined ? { historyRetentionMs: config.historyRetentionDays * 24 * 60 * 60 * 1000 } : {}),
    remindAfterMs: settings.remindAfterMs,
    courier,
  });
  for (const { message, ...fields } of approvals.configurationWarnings()) logger.warn(fields, message);
  return { approvals, followUps, accessLog, courier };
}
