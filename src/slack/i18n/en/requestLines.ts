import type { RequestLinesCatalog, CatalogSource } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const requestLines: CatalogSource<RequestLinesCatalog> = {
  // A request may keep a single line when another request took the rest between the check and the submission.
  lines: {
    one: () => md`1 line`,
    other: (count) => md`${count} lines`,
  },
  labels: { lines: 'Lines', notDone: 'Not done', pastDeadline: 'Not completed by the deadline' },
  stateCount: (count, state) => md`${count} × ${state}`,
  newNumber: 'new number',
  more: (count) => md`…and ${count} more; every line is listed in the thread.`,
  moreNotDone: (count) => md`…and ${count} more; the thread names them all.`,
  notShown: (count) =>
    md`…and ${count} more, more than one Slack message holds. \`/freebit history <number>\` shows any line’s part in this request.`,
  progress: (lines, tally) => md`${lines}: ${tally}`,
  tally: {
    held: (count) => md`${count} to go`,
    executing: (count) => md`${count} being sent`,
    accepted: (count) => md`${count} accepted (in progress)`,
    completed: (count) => md`${count} done`,
    failed: (count) => md`${count} not done`,
    stuck: (count) => md`${count} not completed by the deadline`,
  },
  lineStates: {
    held: 'waiting to be sent',
    executing: 'being sent to Freebit',
    accepted: 'accepted by Freebit, in progress',
    completed: 'done',
    failed: 'not done',
    stuck: 'not completed by the deadline',
  },
  notDone: (kind, detail) => md`${kind}: ${detail}`,
  namedLine: (phone, said) => md`${phone}: ${said}`,
  datePassed: (date) => md`its date (${date}, Japan time) was over by its turn, so nothing was sent`,
  thread: {
    lineList: (lines) => md`All ${lines} of this request, as they were when it was asked:`,
    allDone: (requester, summary, tally) => md`${requester} :tada: Done: ${summary}. ${tally}.`,
    someStuck: (requester, summary, stuck, tally) =>
      stuck === 1
        ? md`${requester} :warning: One line was not completed by its deadline (${summary}); the bot has stopped watching it. ${tally}.`
        : md`${requester} :warning: ${stuck} lines were not completed by their deadline (${summary}); the bot has stopped watching them. ${tally}.`,
    whatToCheck: 'Look each of them up (`/freebit <number>`); if it has not moved, contact Freebit support and quote this request.',
    stoppedAt: (at) => md`stopped watching at ${at}`,
  },
  trailSteps: {
    line_requested: (who, at) => md`${at} requested by ${who}`,
    line_accepted: (_who, at) => md`${at} this line accepted by Freebit`,
    line_failed: (_who, at) => md`${at} this line not done`,
    line_completed: (_who, at) => md`${at} this line completed`,
    line_stuck: (_who, at) => md`${at} this line not completed by the deadline`,
  },
  thisLine: (phone, state) => md`This line (${phone}): ${state}`,
};
