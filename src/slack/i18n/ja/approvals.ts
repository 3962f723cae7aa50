import type { WorkflowErrorCode } from '../../../workflow/index.js';
import { ownSentences, type ApprovalCatalog, type CatalogSource } from '../catalog.js';
import { md } from '../mrkdwn.js';

const REFUSALS: Record<WorkflowErrorCode, string> = {
  no_approvers:
    '承認者が設定されていない（APPROVER_USER_IDS または APPROVER_USERGROUP_ID）ため、変更を承認できず、申請は記録されませんでした。ボットの管理者に承認者の設定を依頼してください。',
  not_enough_approvers:
    'この操作に必要な承認者の人数（APPROVALS_REQUIRED）が、あなた以外に設定されている承認者の数より多いため、承認されることがなく、申請は記録されませんでした。ボットの管理者に承認者の追加を依頼してください。',
  requester_not_allowed: 'あなたは変更を申請できるグループに入っていません。ボットの管理者に追加を依頼してください。',
  channel_not_allowed: 'ここからは変更を申請できません。申請用に設定されたチャンネルから申請してください。',
  line_not_found: 'Freebit にその番号の回線はないため、変更するものがありません。番号を確認してください。',
  line_exists: 'その番号はすでに Freebit の回線のため登録できません。`/freebit <番号>` で照会してください。',
  line_cancelled: 'その回線はすでに解約済みです。申請は行っていません。',
  already_on_contract_line: 'その回線はすでにその契約回線です。申請は行っていません。',
  change_in_progress: 'この回線では Freebit で変更がすでに進行中です。完了してから再度申請してください。',
  open_request_exists: 'この回線にはすでに未完了の申請があります。その申請を確認するか、申請者に取り下げを依頼してください。',
  request_not_found: 'その申請はもう存在しません。',
  not_approver: '申請を承認・却下できるのは承認者だけです。何も変更していません。',
  self_approval: '自分の申請は承認・却下できません。別の承認者が判断します。何も変更していません。',
  already_approved_by_you: 'この申請はすでにあなたが承認済みです。別の承認者の承認が必要です。',
  not_pending: 'この申請はすでに判断済みです。結果はメッセージを確認してください。',
  expired: 'この申請は期限切れです。変更がまだ必要なら再度申請してください。',
  not_requester: '申請を取り下げられるのは申請者だけです。',
  guest_not_allowed:
    'このワークスペースのゲストは回線の照会・変更ができません。照会は行っていません。サポートチームのメンバーに依頼してください。',
  lookup_not_allowed: 'あなたには回線を照会する権限がありません。照会は行っていません。ボットの管理者に権限を依頼してください。',
  access_unknown: '回線を照会できるかどうかを Slack に確認できなかったため、照会は行っていません。1 分ほどしてから再度お試しください。',
  lookup_ceiling:
    '直近 1 時間に 1 人が照会できる回線数（LOOKUP_MAX_PER_HOUR）に達したため、照会は行っていません。承認者にも記録が残ります。時間をおいて再度お試しいただくか、業務上さらに必要な場合はボットの管理者にご相談ください。',
  access_unrecorded:
    'いまは照会記録に書き込めないため、照会は行わず、何も表示していません。1 分ほどしてから再度お試しください。続く場合はボットの管理者にお知らせください。',
  check_outdated:
    'これらの回線の確認から 1 時間以上たった（または確認結果がない）ため、申請は行っていません。番号を入れてフォームを開き直し（/freebit cancel・contract・register）、確認し直してください。',
  no_line_requestable: '申請できる回線が 1 つもないため、何も記録していません。各回線の理由を確認してください。',
  channel_shared_externally:
    '承認メッセージの投稿先が他の組織と共有されているチャンネル（Slack コネクト）のため、社外の人に回線の情報が見えてしまいます。申請は行っていません。社内のチャンネルから申請するか、ボットの管理者に APPROVAL_CHANNEL_ID を社内のチャンネルに設定するよう依頼してください。',
  channel_unchecked:
    '承認用チャンネルが他の組織と共有されているかどうかを Slack に確認できなかったため、申請は行っていません。1 分ほどしてから再度お試しください。',
  lines_taken:
    '確認のあと、これらの回線はどれも別の未完了の申請に押さえられたため、申請は行っていません。回線を照会して、その申請を確認してください。',
};

export const approval: CatalogSource<ApprovalCatalog> = {
  header: (operation, phone) => `承認依頼：${operation} · ${phone}`,
  notification: (requester, summary) => md`${requester} が${summary}を申請しました`,
  labels: {
    request: '申請',
    change: '変更内容',
    requestedBy: '申請者',
    reason: '理由',
    expires: '期限',
    whenAsked: { one: '申請時の回線', other: '申請時の回線' },
    approvals: '承認',
    requestedAt: '申請日時',
  },
  newNumber: 'まだ Freebit の回線ではありません（新しい番号）。',
  approvalsSoFar: (count, required, approvers) =>
    approvers ? md`${required} 件中 ${count} 件：${approvers}` : md`${required} 件中 ${count} 件`,
  buttons: { approve: '承認', reject: '却下…', withdraw: '取り下げ' },
  confirm: {
    title: 'この変更を承認しますか？',
    text: (summary) => `承認する内容：${summary}。必要な数の承認がそろうと Freebit に依頼され、元に戻せません。`,
    confirm: '承認',
    deny: '戻る',
  },
  withdrawHint: '取り下げられるのは申請者だけです。承認できる人はクリックのたびにボットが確認します。',
  status: {
    approved: (by, at) => md`:white_check_mark: ${by} が ${at} に承認`,
    asking: ':hourglass_flowing_sand: Freebit に依頼中…',
    accepted: {
      one: { alreadyDone: 'Freebit ですでに完了済み', inProgress: 'Freebit が受付、処理中' },
      other: '全回線を送信済み、受付済みの回線は処理中',
    },
    completed: (at) => md`:tada: ${at} に完了`,
    stuck: ':warning: 期限までに完了しませんでした。スレッドを確認してください',
    failed: (why) => md`:x: 未実施：${why}（スレッドを参照）`,
    noneAccepted: '受け付けられた回線はありません',
    datePassed: (date, at) =>
      md`:calendar: 未実施：送信する時点（${at}）で申請の日付（${date}、日本時間）が過ぎていたため、Freebit には何も送信していません。必要なら再度申請してください（スレッドを参照）。`,
    rejected: (by, at, reason) => md`:no_entry: ${by} が ${at} に却下：${reason}`,
    expired: (at) => md`:hourglass: 承認がそろわないまま ${at} に期限切れ`,
    withdrawn: (by, at) => md`:leftwards_arrow_with_hook: ${by} が ${at} に取り下げ`,
  },
  failures: {
    refused: 'Freebit が拒否しました',
    line_changed: '申請後に回線が変わったため、何も送信していません',
    not_checked: '依頼直前に回線を確認できなかったため、何も送信していません',
    not_accepted: 'Freebit は変更を受け付けていません',
    unsettled: 'Freebit が受け付けたかどうか不明です',
  },
  thread: {
    counted: (approver, count, required, stillNeeded) => md`${approver} が承認しました（${required} 件中 ${count} 件）。${stillNeeded}`,
    stillNeeded: { other: (count) => md`あと ${count} 人の承認が必要です。` },
    approved: (requester, approvers) => md`${requester} 申請が ${approvers} に承認されました。ボットが Freebit に依頼しています。`,
    rejected: (requester, by, reason) => md`${requester} 申請は ${by} に却下されました：${reason}\nFreebit には何も送信していません。`,
    withdrawn: (by) => md`${by} が取り下げました。Freebit には何も送信していません。`,
    expired: (requester, at) =>
      md`${requester} 承認がそろわないまま ${at} に申請の期限が切れました。Freebit には何も送信していません。変更がまだ必要なら再度申請してください。`,
    reminder: (approvers, waited, expires) =>
      md`${approvers} :bell: この申請は承認待ちのまま ${waited}が経過しました。${expires} に期限が切れる前に、承認または却下をお願いします。`,
    datePassed: (requester, summary, date) =>
      md`${requester} Freebit には何も送信していません：${summary}の申請を送信する前に ${date}（日本時間）が過ぎました。Freebit は過去の日付を受け付けません。変更がまだ必要なら、日付を空欄にして（できるだけ早く）または新しい日付で再度申請してください。`,
    executed: {
      one: {
        accepted: (requester, summary, next) =>
          md`${requester} Freebit が${summary}の依頼を受け付けました。${next}ボットが経過を確認し、完了したらこのスレッドでお知らせします。`,
        alreadySatisfied: (requester) =>
          md`${requester} Freebit によるとすでに完了しています（詳細コード 101：回線は解約済み）。追加の作業はありません。`,
        refused: (requester, summary, why) => md`${requester} Freebit が${summary}の依頼を拒否しました：${why}\n何も変更されていません。`,
        lineChanged: (requester, changes) =>
          md`${requester} 申請後に回線が変わったため、Freebit には何も送信していません（${changes}）。回線を照会し、必要なら再度申請してください。`,
        notChecked: (requester, why) =>
          md`${requester} 依頼直前に回線を確認できなかったため、Freebit には何も送信していません（${why}）。Freebit が応答するようになってから再度申請してください。`,
        causes: { unknown: 'Freebit から時間内に応答がありませんでした', interrupted: 'Freebit への依頼中にボットが停止しました' },
        settledAccepted: (requester, cause, next) =>
          md`${requester} ${cause}が、その後の照会で変更は受け付けられていました。${next}ボットが経過を確認し、完了したらこのスレッドでお知らせします。`,
        settledNotAccepted: (requester, cause) =>
          md`${requester} ${cause}。その後の照会で変更は受け付けられていないことを確認しました。何も変更されていません。必要なら再度申請してください。`,
        unsettled: (requester, cause) =>
          md`${requester} ${cause}。その後の照会もできなかったため、Freebit が受け付けたかどうか不明です。再度申請する前に回線を照会してください（\`/freebit <番号>\`）。`,
      },
      other: {
        tally: (requester, summary, tally, then) =>
          then
            ? md`${requester} ${summary}の申請について、全回線の処理を終えました：${tally}。${then}`
            : md`${requester} ${summary}の申請について、全回線の処理を終えました：${tally}。`,
        followingUp: (next) => md`${next}ボットが受付済みの各回線の経過を確認し、すべて完了したらこのスレッドでお知らせします。`,
        noneAccepted: '何も変更されていません。',
      },
    },
    progress: (changes) => md`変更の処理中に回線が変わりました：${changes}。`,
    completed: (requester, summary, changes, took) => md`${requester} :tada: 完了しました：${summary}。${changes}。所要時間 ${took}。`,
    stuck: (requester, summary, deadline, lastSeen) =>
      md`${requester} :warning: ${deadline} までに Freebit で${summary}が完了しませんでした。ボットは確認を終了しました。最後の状態：${lastSeen}。回線を照会し（\`/freebit <番号>\`）、変わっていなければこの申請を添えて Freebit サポートに連絡してください。`,
  },
  change: (label, before, after) => md`${label}：${before} → ${after}`,
  notAtFreebit: 'Freebit に未登録',
  nothingMoved: '見える変化はありません',
  lookupProblems: {
    timeout: 'Freebit から時間内に応答がありませんでした',
    unreachable: 'Freebit に接続できませんでした',
    bad_answer: 'Freebit から読み取れない応答が返りました',
    auth_rejected: 'Freebit がボットの OEM 認証情報を拒否しました',
  },
  lookupRefused: (detailCode) => md`Freebit が照会を拒否しました（詳細コード ${detailCode}）`,
  unknownCode: '不明',
  ownProblem: 'ボット自身のストアを読み取れませんでした',
  duration: {
    underAMinute: '1 分未満',
    minutes: (minutes) => md`${minutes} 分`,
    hours: (hours, minutes) => (minutes === 0 ? md`${hours} 時間` : md`${hours} 時間 ${minutes} 分`),
    days: (days) => md`${days} 日`,
  },
  refusal: ownSentences(REFUSALS),
  askGroup: (group) => md`${group} のメンバーは照会できます。メンバーに依頼するか、グループへの参加を依頼してください。`,
  openRequest: (request) => md`未完了の申請：${request}。`,
  approvalChannelUnreachable:
    'ボットが承認用チャンネルに申請を投稿できなかった（メンバーでない、またはチャンネルがない）ため、申請は行われていません。承認用チャンネルで `/invite @freebit-ops` を実行してもらってから、再度申請してください。',
  rejectModal: {
    title: '申請の却下',
    submit: '却下',
    intro: (requestId, summary, requester) =>
      md`${requestId} を却下します：${requester} による${summary}の申請。Freebit には何も送信しません。`,
    reason: '却下の理由',
    placeholder: '申請者が読みます。',
    reasonBlank: '却下の理由を書いてください。申請者が読みます。',
  },
  requestStates: {
    pending: '承認待ち',
    approved: '承認済み',
    executing: 'Freebit に依頼中',
    accepted: 'Freebit が受付済み',
    completed: '完了',
    stuck: '期限までに完了せず',
    failed: '未実施',
    rejected: '却下',
    expired: '期限切れ',
    withdrawn: '取り下げ',
  },
  trailSteps: {
    requested: (who, at) => md`${at} ${who} が申請`,
    approval_counted: (who, at) => md`${at} ${who} が承認（さらに承認が必要）`,
    reminded: (_who, at) => md`${at} 承認者にリマインド`,
    approved: (who, at) => md`${at} ${who} が承認`,
    executing: (_who, at) => md`${at} Freebit に送信`,
    accepted: (_who, at) => md`${at} Freebit が受付`,
    completed: (_who, at) => md`${at} 完了`,
    stuck: (_who, at) => md`${at} 期限までに完了せず`,
    failed: (_who, at) => md`${at} 未実施`,
    rejected: (who, at) => md`${at} ${who} が却下`,
    expired: (_who, at) => md`${at} 期限切れ`,
    withdrawn: (who, at) => md`${at} ${who} が取り下げ`,
    pending: (_who, at) => md`${at} 承認待ち`,
  },
  trailDetail: (step, detail) => md`${step}：${detail}`,
  history: {
    header: (phone) => md`${phone} の申請`,
    none: (phone) => md`${phone} について、ボットを通じた変更の申請はありません。`,
    more: (count) => md`…ほか古い申請 ${count} 件。`,
  },
  home: {
    mine: 'あなたの最近の申請',
    noneMine: 'まだ変更を申請していません。',
    awaiting: 'あなたの承認待ち',
    noneAwaiting: 'あなたの承認を待っている申請はありません。',
    moreAwaiting: (count) => md`…ほか ${count} 件が承認待ちです（古いもの）。承認チャンネルで確認してください。`,
    moreMine: (count) => md`…ほか ${count} 件（古いもの）。回線ごとの履歴は \`/freebit history <番号>\` で確認できます。`,
  },
};
