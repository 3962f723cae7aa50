import type { webApi } from '@slack/bolt';
import type { Directory } from '../../workflow/index.js';

/**
 * Who is in a Slack user group (`usergroups.users.list`, scope `usergroups:read`), for
 * APPROVER_USERGROUP_ID and REQUESTER_USERGROUP_ID. The workflow's policy caches the answer
 * (policy.ts); a failure propagates, so a click is refused rather than let through on a guess.
 */
export class SlackDirectory implements Directory {
  constructor(private readonly client: Pick<webApi.WebClient, 'usergroups'>) {}

  async membersOf(usergroupId: string): Promise<ReadonlySet<string>> {
    const answer = await this.client.usergroups.users.list({ usergroup: usergroupId });
    return new Set(answer.users ?? []);
  }
}
