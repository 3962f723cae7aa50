import { defineCatalog } from '../catalog.js';
import { md } from '../mrkdwn.js';
import { approval } from './approvals.js';
import { requestLines } from './requestLines.js';
import { bulkForms } from './bulkForms.js';
import { errors } from './errors.js';
import { lineCard } from './lineCard.js';
import { operations } from './operations.js';

const PHONE_PROBLEMS = {
  empty: '番号が入力されていません',
  not_a_number: '電話番号ではありません',
  wrong_length: 'Freebit の回線番号は 0 から始まる 11 桁です（090-1234-5678）',
  not_japanese: '日本の電話番号ではありません（090-1234-5678 または +81 90-1234-5678 の形で入力してください）',
};

export const ja = defineCatalog({
  locale: 'ja',
  intl: { locale: 'ja', plainList: 'conjunction' },
  bot: 'ボット',
  sandboxBanner:
    ':test_tube: *サンドボックス（SANDBOX）*：この回答は Freebit ではなく内蔵のサンドボックスからのものです。実際の回線の参照・変更は行われません。',
  sandboxTag: '[SANDBOX]',

  help: {
    intro: '*/freebit* で Freebit の回線を照会・変更できます：',
    before: ['• `/freebit 090-1234-5678` または `/freebit lookup 090-1234-5678`：回線カード（あなたにだけ表示）'],
    after: [
      '• `/freebit history 090-1234-5678`：回線の変更申請とその結果',
      '• `/freebit access-log 090-1234-5678` または `/freebit access-log @担当者`（承認者のみ）：回線の、または担当者による直近 50 件の照会。`csv` を付けると DM にファイルで届きます',
      '• `/freebit`：フォームで操作を選ぶ',
      '• `/freebit help`：このヘルプ',
    ],
  },
  usageLine: {
    intro: '使い方：',
    before: ['`/freebit <電話番号>`', '`lookup <電話番号>`'],
    after: ['`history <電話番号>`', '`access-log <電話番号|@担当者> [csv]`', '`help`'],
  },
  commandProblems: {
    unknownSubcommand: (word) => md`「${word}」は /freebit の操作ではありません。`,
    phoneMissing: (subcommand) => md`\`${subcommand}\` には電話番号（例：090-1234-5678）が必要です。`,
    targetMissing: '`access-log` には電話番号（090-1234-5678）または担当者（@名前）が必要です。',
    phoneInvalid: (input, why) => md`「${input}」は使用できる電話番号ではありません：${why}。`,
    dateInvalid: (input) => md`「${input}」は日付ではありません。2026-11-30 の形式で入力してください。`,
    dateInPast: (input) =>
      md`${input} は過去の日付です（日本時間）。今日以降の日付を指定するか、日付を省略するとできるだけ早く解約します。`,
    contractLineMissing: '`contract` には変更先の契約回線（4G または 5G）が必要です。',
    contractLineInvalid: (input) => md`「${input}」は契約回線ではありません。4G または 5G と入力してください。`,
  },
  phoneProblems: PHONE_PROBLEMS,

  ...lineCard,
  ...errors,

  textTooLong: {
    command: (max) =>
      md`/freebit で読める長さを超えています（${max} 文字まで）。多くの回線を申請するときは、\`/freebit\` だけを入力し、フォームに番号を貼り付けてください。`,
    message: (max) => md`このメッセージは長すぎるため、電話番号を探せません（${max} 文字まで）。番号を \`/freebit\` にコピーしてください。`,
  },
  noNumbersInMessage: 'このメッセージに電話番号はありません（090-1234-5678 のような日本の番号を探します）。',
  onlyFirstNumbers: (limit) => md`このメッセージには ${limit} 件を超える電話番号があります。最初の ${limit} 件を表示します。`,

  operations,
  titles: { picker: 'Freebit', lookup: '回線の照会', lineCard: '回線' },
  submit: { request: '申請', next: '次へ', lookUp: '照会' },
  close: '閉じる',
  intro: { picker: '何をしますか？', lookup: '回線カードはここに、あなたにだけ表示されます。' },
  lookupName: '回線を照会',
  fields: {
    phone: '電話番号',
    phonePlaceholder: '090-1234-5678',
    phoneHintOptional: 'ここでは省略できます。次のフォームで入力します。',
    runDate: '解約日（日本時間）',
    runDateHint: '空欄にするとできるだけ早く解約します。Freebit は指定日から 10 分以内に完了します。',
    contractLine: '変更後の契約回線',
    productNumber: '製品番号（任意）',
    productNumberHint: '英大文字 2 文字と数字 13 桁（例：AB1234567890123）。',
    planCode: 'プラン',
    startDate: '利用開始日（日本時間、任意）',
    startDateHint: '空欄にするとできるだけ早く開始します。',
    reason: '理由',
    reasonPlaceholder: 'なぜ必要ですか？承認者が読みます。',
    operation: '操作',
  },
  fieldErrors: {
    phoneRequired: '電話番号を入力してください（例：090-1234-5678）。',
    phoneInvalid: (reason) => `使用できる電話番号ではありません：${PHONE_PROBLEMS[reason]}。`,
    dateInvalid: '日付を選んでください。',
    dateInPast: '過去の日付です（日本時間）。今日以降の日付を選ぶか、空欄にしてください。',
    contractLineRequired: '4G か 5G を選んでください。',
    productNumberInvalid: '製品番号は英大文字 2 文字と数字 13 桁です（例：AB1234567890123）。',
    planUnknown: '一覧からプランを選んでください。',
    reasonBlank: '必要な理由を書いてください。承認者が読みます。',
    operationRequired: '操作を選んでください。',
    tooLong: (max) => `長すぎます（${max.toLocaleString('ja')} 文字まで）。`,
  },
  lookingUp: (phone) => md`${phone} を照会しています…`,

  requestSubmitted: (summary, reference) => md`${summary}の申請は承認待ちです（申請 ${reference}）。`,
  requestRecorded: (summary, reference, status) =>
    md`ボットが再起動したため返答が遅れました。${summary}の申請は申請 ${reference} として記録されています。${status}`,

  home: {
    title: 'Freebit 回線操作',
    intro: 'Freebit の回線を照会し、変更を申請できます。変更はすべて、Freebit に届く前に別の担当者が承認します。',
    howTo:
      '任意のチャンネルで `/freebit 090-1234-5678` と入力すると回線カードが、`/freebit help` と入力するとできることの一覧が表示されます。',
    lookUpButton: '回線を照会',
  },

  approval,
  requestLines,
  bulkForms,

  accessLog: {
    onlyApprovers: '照会記録を読めるのは承認者だけです。承認者に依頼してください。',
    header: (of) => md`${of} の照会記録`,
    none: (of) => md`${of} の照会は記録されていません（記録は ACCESS_LOG_RETENTION_DAYS の間保存されます）。`,
    entry: (at, user, phone, surface) => md`${at} · ${user} · ${phone} · ${surface}`,
    inChannel: (channel) => md`（${channel}）`,
    surfaces: {
      command: '/freebit',
      refresh: '更新',
      share: 'チャンネルに共有',
      shortcut: '回線を照会',
      message_shortcut: 'このメッセージの番号を照会',
      modal: 'フォーム',
      home: 'ホーム',
      history: '/freebit history',
      form_check: 'フォームの回線確認',
      request_check: '依頼時の回線確認',
      recheck: '変更直前の再確認',
    },
    refused: (reason) => md`拒否（${reason}）`,
    refusals: {
      lookup_not_allowed: '照会の権限なし',
      guest_not_allowed: 'ゲスト',
      access_unknown: 'Slack で権限を確認できず',
      lookup_ceiling: 'LOOKUP_MAX_PER_HOUR に到達',
      store_unavailable: '記録できず',
    },
    noNumber: '番号なし',
    lastShown: (shown) => md`新しい順に直近 ${shown} 件。\`csv\` を付けるとファイルで届きます。`,
    csvComment: (of, rows, cut) =>
      cut
        ? md`${of} の照会記録：${rows} 件、新しい順（時刻は JST）。1 ファイルに収まる直近分のみです。それ以前の記録はボットの管理者に依頼してください。`
        : md`${of} の照会記録：${rows} 件、新しい順（時刻は JST）。保存されているすべての記録です。`,
    csvSent: (of) => md`${of} の照会記録を CSV ファイルでボットとの DM に送りました。`,
  },
});
