import type { BulkFormCatalog } from '../bulkFormCatalog.js';
import type { CatalogSource } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const bulkForms: CatalogSource<BulkFormCatalog> = {
  numbersLabel: '電話番号',
  numbersHint: (max) => `1 件、または最大 ${max} 件まで。1 行に 1 件ずつ、またはカンマか読点（、）で区切って入力してください。`,
  fieldErrors: {
    malformed: (position, input, why) => `${position} 件目の「${input}」：${why}。`,
    moreMalformed: (count) => `ほかに ${count} 件あります。`,
    tooMany: (count, max) => `番号が ${count} 件あります。1 回の申請で扱えるのは最大 ${max} 件です。複数の申請に分けてください。`,
    lookUpOne: '照会は 1 件ずつ行ってください。複数の回線の変更を申請する場合は、変更の種類を選んでください。',
  },
  lines: { other: (count) => md`${count} 回線` },
  checking: (count) => md`${count} 回線を Freebit で確認しています…`,
  checkingNote: '申請できる回線を確認していただくまで、申請は行いません。',

  asked: (summary) => md`${summary}を確認しました。`,
  counts: (requestable, refused) => md`*${requestable} 回線は申請できます。${refused} 回線は申請できません。*`,
  allRequestable: (count) => md`*${count} 回線すべて申請できます。*`,
  noneRequestable: (count) => md`*${count} 回線のいずれも申請できない*ため、申請できるものはありません。「戻る」で番号を見直してください。`,
  refusedHeader: '*申請できない回線：*',
  requestableHeader: '*申請できる回線：*',
  refusedLine: (phone, why) => md`• ${phone}：${why}`,
  numberSeparator: '、',
  more: (count) => md`…ほか ${count} 回線`,
  nothingYet: 'まだ何も申請していません。送信すると、申請できる回線をまとめて 1 件の申請にします。「戻る」でフォームに戻ります。',
  request: { other: (count) => md`${count} 回線を申請` },
  back: '戻る',

  refusals: {
    line_not_found: 'Freebit に該当する回線がありません',
    line_exists: 'すでに Freebit に登録済みの回線です',
    line_cancelled: 'すでに解約済みです',
    already_on_contract_line: 'すでにその契約回線です',
    change_in_progress: 'Freebit で変更の処理中です',
  },
  heldBy: (request) => (request ? md`未完了の申請 ${request} の対象です` : md`未完了の申請の対象です`),
  notLookedUp: (why) => md`照会できませんでした（${why}）`,
  lookupRefused: 'Freebit が照会を拒否しました',

  requestedLeavingOut: (requested, phones) => md`${requested}次の回線は、確認後に別の申請の対象になったため除外しました：${phones}。`,

  requestForNumbers: (count) => `この ${count} 回線の変更を申請…`,
};
