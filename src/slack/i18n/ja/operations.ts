import type { CatalogSource, OperationCatalog } from '../catalog.js';
import { md, type Mrkdwn } from '../mrkdwn.js';

/**
 * The subject of a summary and its の: 「090-1234-5678 の解約」 but 「37 回線の解約」 (a request for
 * several lines). A space sets Latin letters and digits apart from Japanese, never Japanese from Japanese.
 */
const subjectOf = (subject: Mrkdwn) =>
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u.test(subject) ? md`${subject}の` : md`${subject} の`;

export const operations: CatalogSource<OperationCatalog> = {
  cancel: {
    name: '回線を解約',
    help: '• `/freebit cancel 090-1234-5678 … [2026-11-30]`：1 回線または複数回線の解約を申請（別の担当者が承認します）',
    usage: '`cancel <電話番号…> [日付]`',
    title: '回線の解約',
    cardButton: '解約を申請…',
    intro: '解約は取り消せません。ボットが Freebit に依頼する前に、別の担当者がこの申請を承認します。',
    summary: (phone, runDate) => (runDate ? md`${subjectOf(phone)}解約（${runDate} 実行）` : md`${subjectOf(phone)}解約（できるだけ早く）`),
    next: (runDate) =>
      runDate
        ? md`Freebit は解約日（${runDate}、日本時間）から 10 分以内に解約を完了します。それまで回線は使えます。`
        : md`Freebit は 10 分以内に解約を完了します。`,
  },
  contract: {
    name: '4G/5G を変更',
    help: '• `/freebit contract 090-1234-5678 … 5G`：1 回線または複数回線の 4G/5G 契約回線の変更を申請',
    usage: '`contract <電話番号…> 4G|5G`',
    title: '4G/5G の変更',
    cardButton: '4G/5G 変更を申請…',
    intro: '4G/5G の変更には約 30 分かかり、その間回線はロックされ、取り消しできません。先に別の担当者が承認します。',
    summary: (phone, contractLine) => md`${subjectOf(phone)} ${contractLine} への変更`,
    next: (contractLine) => md`約 30 分で ${contractLine} に切り替わります。その間回線はロックされ、変更は取り消せません。`,
  },
  register: {
    name: '新しい回線を登録',
    help: '• `/freebit register [090-1234-5678 …]`：1 回線または複数回線の新規登録を申請',
    usage: '`register [<電話番号…>]`',
    title: '回線の登録',
    intro: '回線を登録すると課金が始まります。ボットが Freebit に依頼する前に、別の担当者がこの申請を承認します。',
    summary: (phone, planCode, startDate) =>
      startDate
        ? md`${subjectOf(phone)}プラン ${planCode} での登録（${startDate} 開始）`
        : md`${subjectOf(phone)}プラン ${planCode} での登録`,
    next: (startDate) =>
      startDate ? md`Freebit は利用開始日（${startDate}）から 10 分以内に回線を開通します。` : md`Freebit は 10 分以内に回線を開通します。`,
  },
};
