import type { CatalogSource, ErrorCatalog } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const errors: CatalogSource<ErrorCatalog> = {
  lineNotFound: (phone) =>
    md`Freebit に ${phone} の回線はありません。番号を確認してください。正しい番号なら、この回線は登録されていません。`,
  freebitTimeout: (seconds) =>
    md`Freebit から ${seconds} 秒以内に応答がありませんでした。1 分ほどしてから再度お試しください。続く場合は Freebit が停止している可能性があります。`,
  freebitUnreachable: 'Freebit に接続できませんでした（接続の失敗または切断）。1 分ほどしてから再度お試しください。',
  freebitBadAnswer:
    'Freebit から読み取れない応答が返りました。1 分ほどしてから再度お試しください。続く場合はボットの管理者に連絡してください。',
  freebitCredentialsRefused:
    'Freebit がボットの OEM 認証情報を拒否したため、回線を参照できません。ボットの管理者に連絡してください（FREEBIT_OEM_ID、FREEBIT_OEM_KEY）。',
  freebitAuthKeyRefused: 'Freebit がボットの認証キーを拒否しました。再度お試しください。続く場合はボットの管理者に連絡してください。',
  freebitUnexpected: 'Freebit 側で予期しないエラーが発生しました（詳細コード 900）。数分後に再度お試しください。',
  detailCodes: {
    200: 'サービス種別（kind）が不正なため、Freebit がリクエストを拒否しました。',
    201: 'Freebit が電話番号のパラメータを拒否しました。番号を確認して再度お試しください。',
    202: 'Freebit がパスワードのパラメータを拒否しました。',
    204: 'Freebit がリクエストのパラメータを拒否しました（日付の形式が不正、または過去の日付など）。',
    205: 'Freebit がボットの認証キーを拒否しました。ボットが自動で更新します。続く場合は FREEBIT_OEM_ID と FREEBIT_OEM_KEY を確認してください。',
    208: 'この電話番号はすでに Freebit に登録されています。',
    210: 'Freebit にその電話番号の回線はありません。',
    211: '回線の現在の状態では、Freebit はこのリクエストを受け付けません。',
    212: '関連する別のアカウントのエラーにより、Freebit がリクエストを拒否しました。',
    220: 'このプランコードは Freebit に存在しません。設定済みのプランから選んでください。',
    226: 'Freebit が displayPass パラメータを拒否しました。',
    227: 'Freebit がリクエストデータ（requestDatas）を拒否しました。',
    228: 'Freebit が認証キーのパラメータを拒否しました。続く場合は OEM 認証情報を確認してください。',
    230: 'この回線には Freebit で処理待ちの別の変更があります。完了してから再度お試しください。',
    233: 'Freebit はこのアカウントにこのサービスを提供していません。',
    236: 'Freebit が version パラメータを拒否しました。',
    266: 'Freebit が製品番号を拒否しました。英大文字 2 文字と数字 13 桁で入力してください。',
    360: 'Freebit が契約回線の種別を拒否しました。4G か 5G を指定してください。',
    361: 'この回線はすでにその契約回線です。変更の必要はありません。',
    362: 'この回線では Freebit で契約回線の変更がすでに進行中です（約 30 分かかり、取り消しできません）。',
    900: 'Freebit 側で予期しないエラーが発生しました。数分後に再度お試しください。',
  },
  operationDetailCodes: {
    cancelLine: { 101: 'この回線は Freebit ですでに解約済みです。' },
    registerLine: { 210: '登録に必要なアカウントが Freebit に見つかりませんでした。' },
  },
  unknownDetailCode: () => md`Freebit がリクエストを拒否しました。`,
  withDetailCode: (sentence, code) => md`${sentence}（Freebit 詳細コード ${code}）`,
  botProblem: (reference) =>
    md`ボット内部で問題が発生しました。再度お試しください。再発する場合は、この参照番号をボットの管理者に伝えてください：${reference}`,
  storeDidNotAnswer:
    'ボットのデータ保存先が時間内に応答しなかったため、何も変更されていません。数秒後にもう一度お試しください。繰り返し起きる場合は、ボットの管理者に連絡してください。',
  notInChannel: 'ボットがこのチャンネルのメンバーではないため投稿できません。`/invite @freebit-ops` で招待してから再度お試しください。',
  formExpired: 'Slack がフォームを開くのに時間がかかりすぎました。もう一度お試しください。',
  slackBusy: (seconds) => md`Slack からボットの処理を少し待つよう求められています。${seconds} 秒ほどしてから再度お試しください。`,
};
