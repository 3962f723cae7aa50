import { joinMd, md, type Catalog, type Mrkdwn } from './i18n/index.js';
import { OPERATION_LIST } from './changeForms/index.js';

/** `/freebit help`: the catalog's lines around each change operation's own, in the order the picker lists them. */
export function helpText(t: Catalog): Mrkdwn {
  const operations = OPERATION_LIST.map((operation) => t.operations[operation.operation].help);
  return joinMd([t.help.intro, ...t.help.before, ...operations, ...t.help.after], '\n');
}

/** The one-line usage said after a command the bot could not read. */
export function usageLine(t: Catalog): Mrkdwn {
  const operations = OPERATION_LIST.map((operation) => t.operations[operation.operation].usage);
  return md`${t.usageLine.intro}${joinMd([...t.usageLine.before, ...operations, ...t.usageLine.after], ' · ')}`;
}
