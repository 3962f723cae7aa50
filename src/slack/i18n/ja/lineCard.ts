import type { CatalogSource, LineCardCatalog } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const lineCard: CatalogSource<LineCardCatalog> = {
  lineStates: {
    waiting: '開通待ち',
    temporary: '仮登録',
    active: '利用中',
    suspended: '利用停止中',
    obsolete: '解約済み',
  },
  changes: {
    regist: '登録',
    stop: '利用停止',
    resume: '利用再開',
    cancel: '解約',
    revival: '復活',
    plnset: 'プラン設定',
    plnunset: 'プラン解除',
    change: '変更',
    chgctract: '4G/5G 契約回線変更',
  },
  pendingScheduled: (change, date) => md`${change}：${date} に実行予定`,
  pendingAtFreebit: (change) => md`${change}：Freebit で処理待ち`,
  noPendingChange: 'なし',
  labels: {
    state: '状態',
    plan: 'プラン',
    contractLine: '契約回線',
    simSize: 'SIM サイズ',
    iccid: 'ICCID',
    imsi: 'IMSI',
    voiceAndSms: '音声 / SMS',
    ipv4: 'IPv4',
    ipv6: 'IPv6',
    quota: 'クォータ（Freebit の値のまま）',
    startDate: '利用開始日',
    masterAccount: 'マスターアカウント',
    pendingChange: '処理待ちの変更',
  },
  onOff: { on: 'あり', off: 'なし' },
  voiceAndSms: (voice, sms) => md`音声 ${voice} · SMS ${sms}`,
  notSet: '–',
  hiddenWhenShared: '共有カードでは非表示',
  readAt: (time) => md`Freebit から取得：${time}`,
  sharedBy: (user) => md`${user} が共有`,
  cardText: (phone, state) => md`回線 ${phone}：${state}`,
  buttons: {
    share: 'チャンネルに共有',
    refresh: '再読み込み',
  },
  notSharedExternally:
    'このチャンネルは他の組織と共有されている（Slack コネクト）ため、カードは投稿していません。社外の人に顧客の回線情報が見えてしまいます。社内のチャンネルで共有してください。',
  shareUnchecked:
    'このチャンネルが他の組織と共有されているかどうかを Slack に確認できなかったため、カードは投稿していません。1 分ほどしてから再度お試しください。',
};
