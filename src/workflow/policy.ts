import type { Clock } from '../clock.js';
import { OPERATIONS, type ApprovalRequest, type Operation } from './approvalRequest.js';
import type { WorkflowErrorCode } from './errors.js';
import { WorkflowError } from './errors.js';
import type { Directory, People } from './messenger.js';

export interface PolicyConfig {
  approverUserIds: readonly string[];
  approverUsergroupId?: string;
  requesterUsergroupId?: string;
  /** Empty: any channel the bot is in. */
  allowedChannelIds: readonly string[];
  /** APPROVALS_REQUIRED; operations left out need 1. */
  approvalsRequired: Partial<Record<Operation, number>>;
  /** BULK_APPROVALS_REQUIRED: for a request of several lines; an operation left out needs its APPROVALS_REQUIRED. */
  bulkApprovalsRequired?: Partial<Record<Operation, number>>;
  /** LOOKUP_USER_IDS / LOOKUP_USERGROUP_ID: who may see a line; both unset: anyone. */
  lookupUserIds?: readonly string[];
  lookupUsergroupId?: string;
  /** ALLOW_GUESTS: restricted and ultra-restricted users may look and ask. */
  allowGuests?: boolean;
}

/** A log line for the operator: its `event`, its details, and the sentence. */
export interface ConfigurationWarning {
  event: string;
  message: string;
  [detail: string]: unknown;
}

// Group membership changes rarely; a minute keeps clicks fast without trusting a stale list for long.
const MEMBERSHIP_CACHE_MS = 60_000;

/**
 * Who may look, who may ask and who may approve, checked on the server at every lookup and
 * click: a button's value is never trusted. The requester never approves their own request
 * (decide.ts). Guests are refused everything unless ALLOW_GUESTS.
 */
export class ApprovalPolicy {
  private readonly memberships = new Map<string, { members: ReadonlySet<string>; fetchedAt: number }>();
  /** Lookups in flight: 20 concurrent clicks make one usergroups.users.list call (Tier 2), not 20. */
  private readonly asking = new Map<string, Promise<ReadonlySet<string>>>();

  constructor(
    private readonly config: PolicyConfig,
    private readonly directory: Directory,
    private readonly clock: Clock,
    private readonly people: People,
  ) {}

  /** Whether LOOKUP_* limit who may see a line (unset: anyone in the workspace may). */
  get lookupRestricted(): boolean {
    return (this.config.lookupUserIds?.length ?? 0) > 0 || this.config.lookupUsergroupId !== undefined;
  }

  /**
   * Why this person may not see a customer's line, if they may not: a guest (unless
   * ALLOW_GUESTS), or, with LOOKUP_* set, someone who is neither listed there nor an approver
   * nor (when REQUESTER_USERGROUP_ID is set) a requester. An answer Slack could not give is a
   * refusal too ('access_unknown'), never a guess.
   */
  async refusalToLook(userId: string): Promise<'guest_not_allowed' | 'access_unknown' | 'lookup_not_allowed' | undefined> {
    if (!this.config.allowGuests) {
      try {
        if (await this.people.isGuest(userId)) return 'guest_not_allowed';
      } catch {
        return 'access_unknown';
      }
    }
    if (!this.lookupRestricted) return undefined;
    const config = this.config;
    if (config.lookupUserIds?.includes(userId) || config.approverUserIds.includes(userId)) return undefined;
    const groups = [config.lookupUsergroupId, config.approverUsergroupId, config.requesterUsergroupId].filter(
      (group): group is string => group !== undefined,
    );
    // One group Slack does not answer for must not shut out the members of another.
    const memberships = await Promise.allSettled(groups.map((group) => this.members(group)));
    if (memberships.some((result) => result.status === 'fulfilled' && result.value.has(userId))) return undefined;
    return memberships.some((result) => result.status === 'rejected') ? 'access_unknown' : 'lookup_not_allowed';
  }

  /** `refusalToLook` as an error, with whom to ask for access. */
  async refuseUnlessMayLook(userId: string): Promise<void> {
    const refusal = await this.refusalToLook(userId);
    if (refusal) throw this.accessError(refusal);
  }

  /**
   * Why this person may not ask for any change, before any form opens (the guest answer is
   * cached with the person's language, so it costs no time of Slack's trigger_id): a guest,
   * and, when LOOKUP_* is set and REQUESTER_USERGROUP_ID is not, someone who may not look.
   */
  async refusalToAsk(userId: string): Promise<WorkflowErrorCode | undefined> {
    if (this.lookupRestricted && this.config.requesterUsergroupId === undefined) return this.refusalToLook(userId);
    if (this.config.allowGuests) return undefined;
    try {
      return (await this.people.isGuest(userId)) ? 'guest_not_allowed' : undefined;
    } catch {
      return 'access_unknown';
    }
  }

  accessError(code: WorkflowErrorCode): WorkflowError {
    return new WorkflowError(
      code,
      undefined,
      code === 'lookup_not_allowed' && this.config.lookupUsergroupId ? { usergroupId: this.config.lookupUsergroupId } : undefined,
    );
  }

  hasApprovers(): boolean {
    return this.config.approverUserIds.length > 0 || this.config.approverUsergroupId !== undefined;
  }

  /**
   * What refuses any request from here, whoever asks: known from the configuration alone, so
   * it can be said before a form is opened (Slack's trigger_id gives no time for a lookup).
   */
  refusalBeforeAsking(channelId: string | undefined): WorkflowErrorCode | undefined {
    if (!this.hasApprovers()) return 'no_approvers';
    const allowed = this.config.allowedChannelIds;
    if (allowed.length > 0 && (channelId === undefined || !allowed.includes(channelId))) return 'channel_not_allowed';
    return undefined;
  }

  /** `bulk`: a request of several lines (BULK_APPROVALS_REQUIRED may ask more of it). */
  requiredApprovals(operation: Operation, bulk = false): number {
    return requiredApprovals(this.config, operation, bulk);
  }

  async isApprover(userId: string): Promise<boolean> {
    if (this.config.approverUserIds.includes(userId)) return true;
    const group = this.config.approverUsergroupId;
    return group !== undefined && (await this.members(group)).has(userId);
  }

  /** Why this person may not approve or reject this request, if they may not: never their own, and only approvers. */
  async refusalToDecide(request: Pick<ApprovalRequest, 'requesterId'>, userId: string): Promise<WorkflowErrorCode | undefined> {
    if (request.requesterId === userId) return 'self_approval';
    if (!(await this.isApprover(userId))) return 'not_approver';
    return undefined;
  }

  /** Why this person may not ask here, if they may not. */
  async refusalToRequest(userId: string, channelId: string | undefined): Promise<WorkflowErrorCode | undefined> {
    const allowed = this.config.allowedChannelIds;
    if (allowed.length > 0 && (channelId === undefined || !allowed.includes(channelId))) return 'channel_not_allowed';
    const asking = await this.refusalToAsk(userId);
    if (asking) return asking;
    const group = this.config.requesterUsergroupId;
    if (group !== undefined && !(await this.members(group)).has(userId)) return 'requester_not_allowed';
    return undefined;
  }

  /** Whether APPROVALS_REQUIRED can ever be met for this operation when this person asks. */
  tooFewApprovers(operation: Operation, requesterId: string, bulk = false): boolean {
    return tooFewApprovers(this.config, operation, requesterId, bulk);
  }

  /** What this configuration gets wrong, for the start-up log: no approvers, or APPROVALS_REQUIRED they cannot meet. */
  configurationWarnings(): ConfigurationWarning[] {
    const warnings: ConfigurationWarning[] = [];
    if (!this.lookupRestricted) {
      warnings.push({
        event: 'access.lookup_unrestricted',
        message:
          'LOOKUP_USER_IDS and LOOKUP_USERGROUP_ID are unset: anyone in the workspace (guests aside) can see subscriber data (ICCID, IMSI, plan) with /freebit',
      });
    }
    return [...warnings, ...this.approvalWarnings()];
  }

  private approvalWarnings(): ConfigurationWarning[] {
    if (!this.hasApprovers()) {
      return [
        {
          event: 'approvals.no_approvers',
          message: 'no APPROVER_USER_IDS or APPROVER_USERGROUP_ID: change requests are refused with "no approvers configured"',
        },
      ];
    }
    // A requester never approves their own request: refused at request time.
    const approvers = this.config.approverUserIds;
    const forAnyone = OPERATIONS.filter((operation) => tooFewApprovers(this.config, operation));
    const whenAnApproverAsks = OPERATIONS.filter((operation) =>
      approvers.some((userId) => tooFewApprovers(this.config, operation, userId)),
    );
    // BULK_APPROVALS_REQUIRED may ask more of a request for several lines than APPROVALS_REQUIRED does of one.
    const severalLines = OPERATIONS.filter(
      (operation) =>
        !whenAnApproverAsks.includes(operation) && approvers.some((userId) => tooFewApprovers(this.config, operation, userId, true)),
    );
    const bulkWarning: ConfigurationWarning[] =
      severalLines.length === 0
        ? []
        : [
            {
              event: 'approvals.too_few_bulk_approvers',
              operations: severalLines,
              approvers: approvers.length,
              message:
                'BULK_APPROVALS_REQUIRED needs more distinct approvers than APPROVER_USER_IDS has besides the requester: such requests for several lines are refused with "not enough approvers"',
            },
          ];
    if (whenAnApproverAsks.length === 0) return bulkWarning;
    return [
      ...bulkWarning,
      {
        event: 'approvals.too_few_approvers',
        forAnyone,
        whenAnApproverAsks,
        approvers: approvers.length,
        message:
          'APPROVALS_REQUIRED needs more distinct approvers than APPROVER_USER_IDS has besides the requester: such requests are refused with "not enough approvers"',
      },
    ];
  }

  private async members(usergroupId: string): Promise<ReadonlySet<string>> {
    const cached = this.memberships.get(usergroupId);
    if (cached && this.clock.now() - cached.fetchedAt < MEMBERSHIP_CACHE_MS) return cached.members;
    let pending = this.asking.get(usergroupId);
    if (!pending) {
      // A failed lookup is not kept: the next click asks again.
      pending = this.directory
        .membersOf(usergroupId)
        .then((members) => {
          this.memberships.set(usergroupId, { members, fetchedAt: this.clock.now() });
          return members;
        })
        .finally(() => this.asking.delete(usergroupId));
      this.asking.set(usergroupId, pending);
    }
    return pending;
  }
}

/**
 * APPROVALS_REQUIRED asks for more distinct approvers than could ever click: no user group
 * (its size is Slack's to say) and, leaving out the requester (who never approves their own
 * request), fewer listed approvers than needed. Such a request could only expire.
 * Without `requesterId`: for a requester who is not an approver.
 */
export function tooFewApprovers(
  config: Pick<PolicyConfig, 'approverUserIds' | 'approverUsergroupId' | 'approvalsRequired' | 'bulkApprovalsRequired'>,
  operation: Operation,
  requesterId?: string,
  bulk = false,
): boolean {
  if (config.approverUsergroupId !== undefined) return false;
  const eligible = new Set(config.approverUserIds.filter((userId) => userId !== requesterId));
  return eligible.size < requiredApprovals(config, operation, bulk);
}

/** APPROVALS_REQUIRED, or for a request of several lines BULK_APPROVALS_REQUIRED where it names the operation. */
function requiredApprovals(
  config: Pick<PolicyConfig, 'approvalsRequired' | 'bulkApprovalsRequired'>,
  operation: Operation,
  bulk: boolean,
): number {
  const single = config.approvalsRequired[operation] ?? 1;
  return bulk ? (config.bulkApprovalsRequired?.[operation] ?? single) : single;
}
