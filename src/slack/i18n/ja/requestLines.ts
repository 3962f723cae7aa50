import type { RequestLinesCatalog, CatalogSource } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const requestLines: CatalogSource<RequestLinesCatalog> = {
  lines: { other: (count) => md`${count} 回線` },
  labels: { lines: '回線', notDone: '未実施', pastDeadline: '期限までに完了せず' },
  stateCount: (count, state) => md`${state} ${count} 回線`,
  newNumber: '新しい番号',
  more: (count) => md`…ほか ${count} 回線。全回線の一覧はスレッドにあります。`,
  moreNotDone: (count) => md`…ほか ${count} 回線。すべてスレッドに記載しています。`,
  notShown: (count) =>
    md`…ほか ${count} 回線（1 つのメッセージに収まりません）。各回線のこの申請での状況は \`/freebit history <番号>\` で確認できます。`,
  progress: (lines, tally) => md`${lines}：${tally}`,
  tally: {
    held: (count) => md`残り ${count}`,
    executing: (count) => md`送信中 ${count}`,
    accepted: (count) => md`受付済み ${count}`,
    completed: (count) => md`完了 ${count}`,
    failed: (count) => md`未実施 ${count}`,
    stuck: (count) => md`期限までに完了せず ${count}`,
  },
  lineStates: {
    held: '送信待ち',
    executing: 'Freebit に送信中',
    accepted: 'Freebit が受付、処理中',
    completed: '完了',
    failed: '未実施',
    stuck: '期限までに完了せず',
  },
  // A sentence, then its detail: 「Freebit が拒否しました。この回線には…」 (a colon would follow the detail's own).
  notDone: (kind, detail) => md`${kind}。${detail}`,
  namedLine: (phone, said) => md`${phone}：${said}`,
  datePassed: (date) => md`送信の順番が来る前に日付（${date}、日本時間）が過ぎたため、何も送信していません`,
  thread: {
    lineList: (lines) => md`この申請の全 ${lines}（申請時の状態）：`,
    allDone: (requester, summary, tally) => md`${requester} :tada: 完了しました：${summary}。${tally}。`,
    someStuck: (requester, summary, stuck, tally) =>
      md`${requester} :warning: ${summary}のうち ${stuck} 回線が期限までに完了しませんでした。ボットはこれらの回線の確認を終了しました。${tally}。`,
    whatToCheck: '各回線を照会し（`/freebit <番号>`）、変わっていなければこの申請を添えて Freebit サポートに連絡してください。',
    stoppedAt: (at) => md`${at} に確認を終了`,
  },
  trailSteps: {
    line_requested: (who, at) => md`${at} ${who} が申請`,
    line_accepted: (_who, at) => md`${at} この回線を Freebit が受付`,
    line_failed: (_who, at) => md`${at} この回線は未実施`,
    line_completed: (_who, at) => md`${at} この回線が完了`,
    line_stuck: (_who, at) => md`${at} この回線は期限までに完了せず`,
  },
  thisLine: (phone, state) => md`この回線（${phone}）：${state}`,
};
