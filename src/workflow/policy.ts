import type { Clock } from '../clock.js';
import type { Operation } from './approvalRequest.js';
import type { WorkflowErrorCode } from './errors.js';
import type { Directory } from './messenger.js';

export interface PolicyConfig {
  approverUserIds: readonly string[];
  approverUsergroupId?: string;
  requesterUsergroupId?: string;
  /** Empty: any channel the bot is in. */
  allowedChannelIds: readonly string[];
  /** APPROVALS_REQUIRED; operations left out need 1. */
  approvalsRequired: Partial<Record<Operation, number>>;
}

// Group membership changes rarely; a minute keeps clicks fast without trusting a stale list for long.
const MEMBERSHIP_CACHE_MS = 60_000;

/**
 * Who may ask and who may approve, checked on the server at every click: a button's value
 * is never trusted. The requester never approves their own request (decide.ts).
 */
export class ApprovalPolicy {
  private readonly memberships = new Map<string, { members: ReadonlySet<string>; fetchedAt: number }>();

  constructor(
    private readonly config: PolicyConfig,
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {}

  hasApprovers(): boolean {
    return this.config.approverUserIds.length > 0 || this.config.approverUsergroupId !== undefined;
  }

  requiredApprovals(operation: Operation): number {
    return this.config.approvalsRequired[operation] ?? 1;
  }

  async isApprover(userId: string): Promise<boolean> {
    if (this.config.approverUserIds.includes(userId)) return true;
    const group = this.config.approverUsergroupId;
    return group !== undefined && (await this.members(group)).has(userId);
  }

  /** Why this person may not ask here, if they may not. */
  async refusalToRequest(userId: string, channelId: string | undefined): Promise<WorkflowErrorCode | undefined> {
    const allowed = this.config.allowedChannelIds;
    if (allowed.length > 0 && (channelId === undefined || !allowed.includes(channelId))) return 'channel_not_allowed';
    const group = this.config.requesterUsergroupId;
    if (group !== undefined && !(await this.members(group)).has(userId)) return 'requester_not_allowed';
    return undefined;
  }

  private async members(usergroupId: string): Promise<ReadonlySet<string>> {
    const cached = this.memberships.get(usergroupId);
    if (cached && this.clock.now() - cached.fetchedAt < MEMBERSHIP_CACHE_MS) return cached.members;
    const members = await this.directory.membersOf(usergroupId);
    this.memberships.set(usergroupId, { members, fetchedAt: this.clock.now() });
    return members;
  }
}
