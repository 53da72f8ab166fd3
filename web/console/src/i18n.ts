import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import type { analyticsJa } from './i18n-analytics';
import type { auditJa } from './i18n-audit';
import type { bulkJa } from './i18n-bulk';
import type { capacityJa } from './i18n-capacity';
import type { contentJa } from './i18n-content';
import type { domainsJa } from './i18n-domains';
import type { exportBackupJa } from './i18n-export-backup';
import type { journeysJa } from './i18n-journeys';
import type { lifecycleJa } from './i18n-lifecycle';
import type { mediaJa } from './i18n-media';
import type { noticesJa } from './i18n-notices';
import type { opendataJa } from './i18n-opendata';
import type { opsStaffJa } from './i18n-ops-staff';
import type { opsSystemJa } from './i18n-ops-system';
import type { quarantineJa } from './i18n-quarantine';
import type { rallyJa } from './i18n-rally';
import type { siteJa } from './i18n-site';
import type { supportJa } from './i18n-support';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** localStorage key that remembers the chosen console language. */
export const LANG_STORAGE_KEY = 'mitte.lang';

// The shell's messages (sign-in, header, navigation, errors), always loaded. Each screen's own
// messages live in an area file (i18n-<area>.ts) that registers them when its module is first
// evaluated, so they travel in the screen's chunk: a module naming an area's keys imports that
// area (checked by i18n-areas.test.ts). Japanese is the source catalogue: its keys define MessageKey.
const ja = {
  'app.name': 'mitte-C 管理コンソール',
  'app.skipToMain': 'メインコンテンツへ移動',
  'lang.switch': 'English',
  'lang.switchHint': '（表示言語を英語に切り替えます）',

  'common.loading': '読み込み中です…',
  'common.retry': 'もう一度読み込む',
  'common.requestId': 'お問い合わせ番号: {id}',
  'common.retryAfter': '{seconds} 秒後にもう一度お試しください。',
  'common.adminOnly': 'この画面は管理者のみ利用できます。必要な場合は組織の管理者にご相談ください。',

  'signin.title': 'ログイン',
  'signin.intro': 'サービスコード、メールアドレス、パスワードを入力してログインしてください。',
  'signin.serviceCode': 'サービスコード',
  'signin.serviceCodeHint': '組織ごとに割り当てられたコードです。',
  'signin.serviceCodeRequired': 'サービスコードを入力してください。',
  'signin.email': 'メールアドレス',
  'signin.emailRequired': 'メールアドレスを入力してください。',
  'signin.password': 'パスワード',
  'signin.passwordRequired': 'パスワードを入力してください。',
  'signin.submit': 'ログイン',
  'signin.submitting': 'ログインしています…',
  'signin.help':
    'パスワードを続けて間違えると、安全のためアカウントが一時的にロックされ、登録されたメールアドレスにお知らせが届きます。表示された時間が過ぎてからもう一度お試しください。解決しない場合は、組織の管理者にお問い合わせください。',
  'signin.totpTitle': '2段階認証',
  'signin.totpIntro': '認証アプリに表示されている 6 桁の確認コードを入力してください。',
  'signin.totpCode': '確認コード（6桁の数字）',
  'signin.totpInvalid': '確認コードは 6 桁の数字で入力してください。',
  'signin.totpSubmit': '確認してログイン',
  'signin.totpSubmitting': '確認しています…',
  'signin.restart': 'メールアドレスとパスワードの入力に戻る',

  'header.organisation': '組織',
  'header.serviceCode': 'サービスコード',
  'header.user': 'ログイン中のユーザー',
  'header.userWithRole': '{name}（{role}）',
  'header.signOut': 'ログアウト',
  'header.signingOut': 'ログアウトしています…',
  'role.admin': '管理者',
  'role.general': '一般ユーザー',

  'session.loadFailed': 'アカウント情報を読み込めませんでした。',
  'session.toSignIn': 'ログイン画面へ',

  'nav.label': 'メインメニュー',
  'module.dashboard.title': 'ダッシュボード',
  'module.dashboard.description': '組織の観光情報の状況と、お知らせを確認します。',
  'module.dashboard.welcome': 'ようこそ、{name} さん。',
  'module.spots.title': '観光スポット',
  'module.spots.description': '観光スポットの登録、編集、公開を行います。',
  'module.events.title': 'イベント',
  'module.events.description': 'イベントの日程、会場、申込期限などを登録し、公開します。',
  'module.courses.title': 'モデルコース',
  'module.courses.description': '観光スポットを順番に巡るモデルコースを作成します。',
  'module.articles.title': '特集記事',
  'module.articles.description': '季節の特集やおすすめ情報の記事を作成します。',
  'module.media.title': 'メディア',
  'module.media.description': '写真、動画、パンフレット（PDF）をアップロードして管理します。',
  'module.rally.title': 'スタンプラリー',
  'module.rally.description': 'デジタルスタンプラリーのキャンペーンとチェックポイントを管理します。',
  'module.analytics.title': 'アクセス解析',
  'module.analytics.description': '観光サイトの閲覧数やキャンペーンの参加状況を確認します。',
  'module.users.title': 'ユーザー管理',
  'module.users.description': '一般ユーザーの登録、削除、権限の設定を行います。',
  'module.auditLog.title': '監査ログ',
  'module.auditLog.description': 'ユーザーの操作記録と利用状況を確認し、出力します。',
  'module.settings.title': '組織設定',
  'module.settings.description':
    '組織の名称とデータの保存場所の確認、ログインの安全設定（2 段階認証、セッションの時間）を行います。',
  'module.account.title': 'アカウント',
  'module.account.description': 'ご自身のパスワード、2段階認証、ログイン中のセッションを管理します。',

  'notFound.title': 'ページが見つかりません',
  'notFound.body':
    'お探しのページは存在しないか、移動した可能性があります。アドレス（URL）をご確認ください。',
  'notFound.back': 'ダッシュボードへ戻る',

  'error.title': 'エラーが発生しました',
  'error.body':
    '画面を表示できませんでした。ページを再読み込みしてください。解決しない場合は組織の管理者にお問い合わせください。',
  'error.reload': 'ページを再読み込みする',

  'common.optional': '（任意）',
  'common.cancel': 'キャンセル',
  'common.close': '閉じる',
  'common.processing': '処理しています…',
  'common.auditNote': 'この画面での操作は、すべて監査ログに記録されます。',
  'common.notRecorded': '—',
  'common.noAccess': 'この機能を利用する権限がありません。必要な場合は組織の管理者にご相談ください。',
  'common.actions': '操作',
  'common.scrollTable': '表（横にスクロールできます）',

  'signin.forgotPassword': 'パスワードをお忘れの方',
  'signin.resetDone':
    'パスワードを再設定しました。新しいパスワードでログインしてください。2段階認証を設定している場合は、続けて確認コードの入力が必要です。',
  'signin.useRecoveryCode': '認証アプリを使えない場合（リカバリーコードを入力する）',
  'signin.useTotpCode': '認証アプリの確認コードを入力する',
  'signin.recoveryCode': 'リカバリーコード',
  'signin.recoveryIntro':
    '2段階認証を設定したときに保管したリカバリーコード（例: abcd-efgh-ijkl）を 1 つ入力してください。一度使ったコードは使えなくなります。',
  'signin.recoveryInvalid': 'リカバリーコードは「abcd-efgh-ijkl」の形（英数字 12 文字）で入力してください。',
  'signin.lostDevice':
    '認証アプリの入ったスマートフォンを紛失し、リカバリーコードも手元にない場合は、組織の管理者に2段階認証のリセットを依頼してください。',

  'totp.enrolTitle': '2段階認証の設定',
  'totp.enrolIntro':
    '2段階認証を設定すると、ログインのたびにパスワードに加えて、スマートフォンの認証アプリに表示される確認コードを入力します。次の手順で設定してください。',
  'totp.step1Title': '1. 認証アプリを用意する',
  'totp.step1Body':
    'スマートフォンに、Google Authenticator や Microsoft Authenticator などの認証アプリ（TOTP 方式に対応したもの）をインストールします。',
  'totp.step2Title': '2. QR コードを読み取る',
  'totp.step2Body': '認証アプリでアカウントを追加し、次の QR コードを読み取ります。',
  'totp.qrAlt':
    '認証アプリに登録するための QR コード。読み取れない場合は、下に表示されたセットアップキーを入力してください。',
  'totp.manualKey':
    'QR コードを読み取れない場合は、認証アプリで「セットアップキーを入力」などを選び、次のキーを入力してください（空白は入力不要です）。',
  'totp.secretLabel': 'セットアップキー',
  'totp.openInApp': 'この端末の認証アプリで開く',
  'totp.step3Title': '3. 確認コードを入力する',
  'totp.step3Body': '認証アプリに表示された 6 桁の確認コードを入力し、「設定を完了する」を押してください。',
  'totp.confirm': '設定を完了する',
  'totp.confirming': '確認しています…',
  'totp.loadFailed': '2段階認証の設定情報を読み込めませんでした。',

  'recovery.title': 'リカバリーコードの保管',
  'recovery.intro':
    'リカバリーコードは、スマートフォンの紛失などで認証アプリを使えないときに、確認コードの代わりに入力するコードです。それぞれ 1 回だけ使えます。',
  'recovery.once':
    'このコードが表示されるのは今回だけです。コピーまたは印刷して、パスワードとは別の安全な場所に保管してください。',
  'recovery.listLabel': 'リカバリーコード（{count} 個）',
  'recovery.copy': 'コピーする',
  'recovery.copied': 'リカバリーコードをクリップボードにコピーしました。',
  'recovery.copyFailed': 'コピーできませんでした。コードを選択してコピーするか、印刷してください。',
  'recovery.print': '印刷する',
  'recovery.printHeading': 'mitte-C リカバリーコード',
  'recovery.printAccount': 'アカウント: {account}',
  'recovery.printIssued': '発行日時: {date}',
  'recovery.saved': 'リカバリーコードを安全な場所に保管しました',
  'recovery.savedRequired': 'リカバリーコードを保管したら、「保管しました」にチェックを入れてください。',
  'recovery.continue': '続ける',

  'password.rulesTitle': 'パスワードの条件',
  'password.ruleLength': '{min} 文字以上にしてください。',
  'password.ruleCommon': 'よく使われているパスワード（推測されやすいもの）は使えません。',
  'password.rulePersonal': 'メールアドレスの @ より前の部分や、サービスコードを含めないでください。',
  'password.ruleTip': '覚えやすい複数の単語をつなげた、長めのパスワードがおすすめです。',
  'password.current': '現在のパスワード',
  'password.currentRequired': '現在のパスワードを入力してください。',
  'password.new': '新しいパスワード',
  'password.confirm': '新しいパスワード（確認）',
  'password.required': '新しいパスワードを入力してください。',
  'password.tooShort': 'パスワードは {min} 文字以上にしてください。',
  'password.containsEmail': 'パスワードにメールアドレスの @ より前の部分を含めないでください。',
  'password.containsServiceCode': 'パスワードにサービスコードを含めないでください。',
  'password.confirmRequired': '確認のため、新しいパスワードをもう一度入力してください。',
  'password.mismatch': '確認用のパスワードが一致しません。同じパスワードを入力してください。',

  'reset.title': 'パスワードの再設定',
  'reset.intro':
    'サービスコードと、登録されているメールアドレスを入力してください。パスワードを再設定するためのメールを送ります。',
  'reset.submit': '再設定メールを送る',
  'reset.submitting': '送信しています…',
  'reset.sentTitle': 'メールをご確認ください',
  'reset.sent':
    '入力されたサービスコードとメールアドレスのアカウントがある場合は、パスワード再設定用のメールを送りました。メールに記載されたリンクは 30 分間有効です。',
  'reset.sentHelp':
    'メールが届かない場合は、迷惑メールフォルダーを確認し、入力内容を確かめてもう一度お試しください。それでも届かない場合は、組織の管理者にお問い合わせください。',
  'reset.backToSignIn': 'ログイン画面に戻る',
  'reset.newTitle': '新しいパスワードの設定',
  'reset.newIntro': '新しいパスワードを入力し、「パスワードを設定する」を押してください。',
  'reset.confirmSubmit': 'パスワードを設定する',
  'reset.requestAgain': '再設定メールをもう一度送る',

  'invitation.title': 'アカウントの利用開始',
  'invitation.intro':
    '{organisation} の管理者から、mitte-C 管理コンソールに招待されています。パスワードを設定すると、アカウントを利用できるようになります。',
  'invitation.factsTitle': '招待の内容',
  'invitation.serviceCodeNote': 'ログインするときは、このサービスコードを入力します。控えておいてください。',
  'invitation.totpNotice':
    'この組織では 2段階認証が必要です。パスワードを設定したあと、続けて認証アプリの設定を行います。スマートフォンをご用意ください。',
  'invitation.submit': 'パスワードを設定して利用を開始する',
  'invitation.submitting': '設定しています…',
  'invitation.invalidTitle': 'この招待リンクは使えません',
  'invitation.invalid':
    'この招待リンクは、有効期限（72 時間）が切れたか、すでに使われたか、取り消されています。組織の管理者に招待メールの再送を依頼してください。',
  'invitation.noToken':
    '招待リンクが正しくありません。メールに記載されたリンクをもう一度開くか、アドレスを省略せずにブラウザに貼り付けてください。',
  'invitation.loadFailed': '招待の情報を読み込めませんでした。',

  'account.profileTitle': 'ご自身の情報',
  'account.name': '氏名',
  'account.role': '権限区分',
  'account.passwordTitle': 'パスワードの変更',
  'account.passwordIntro':
    'パスワードを変更すると、ほかの端末やブラウザでのログインはすべて終了します。この画面はログインしたままです。',
  'account.passwordSubmit': 'パスワードを変更する',
  'account.passwordChanging': '変更しています…',
  'account.passwordChanged': 'パスワードを変更しました。ほかの端末やブラウザでのログインは終了しました。',
  'account.totpTitle': '2段階認証',
  'account.totpStatus': '状態',
  'account.totpEnabled': '2段階認証は有効です。ログインのたびに認証アプリの確認コードを入力します。',
  'account.totpDisabled':
    '2段階認証は設定されていません。パスワードが漏れた場合に備えて、設定をおすすめします。',
  'account.totpSetUp': '2段階認証を設定する',
  'account.totpCancel': '設定を中止する',
  'account.totpSetUpDone': '2段階認証を設定しました。次回のログインから確認コードが必要になります。',
  'account.recoveryTitle': 'リカバリーコードの再発行',
  'account.recoveryIntro':
    'リカバリーコードをなくした場合や、残りが少なくなった場合は再発行できます。再発行すると、それまでのリカバリーコードはすべて使えなくなります。',
  'account.recoveryCode': '認証アプリの確認コード（6桁の数字）',
  'account.recoveryCodeHint': '本人確認のため、いま認証アプリに表示されている確認コードを入力してください。',
  'account.recoverySubmit': 'リカバリーコードを再発行する',
  'account.recoverySubmitting': '発行しています…',
  'account.recoveryDone': '新しいリカバリーコードを発行しました。以前のリカバリーコードは使えません。',
  'account.lostDevice':
    '認証アプリの入ったスマートフォンを紛失した場合や機種変更した場合は、組織の管理者に2段階認証のリセットを依頼してください。',
  'account.sessionsTitle': 'ログイン中のセッション',
  'account.sessionsIntro':
    'あなたのアカウントでログインしている端末とブラウザの一覧です。心当たりのないものがあれば終了し、パスワードを変更してください。',
  'account.sessionsCaption': 'ログイン中のセッション（{count} 件）',
  'account.sessionBrowser': 'ブラウザ',
  'account.sessionStarted': 'ログイン日時',
  'account.sessionLastSeen': '最終利用日時',
  'account.sessionIp': 'IP アドレス',
  'account.sessionCurrent': 'この端末（現在のセッション）',
  'account.sessionEnd': 'このセッションを終了',
  'account.sessionEndContext': '（{browser}、{date} にログイン）',
  'account.sessionEndTitle': 'セッションを終了しますか',
  'account.sessionEndBody':
    '{browser}（IP アドレス {ip}）のログインを終了します。その端末では、もう一度ログインが必要になります。',
  'account.sessionEndCurrentBody': 'この端末のセッションを終了すると、ログアウトしてログイン画面に戻ります。',
  'account.sessionEndConfirm': 'セッションを終了する',
  'account.sessionEnded': 'セッションを終了しました。',
  'account.sessionsEmpty': 'ログイン中のセッションはありません。',
  'account.unknownBrowser': '不明なブラウザ',

  'users.intro': '組織の利用者を登録し、機能ごとの権限を設定します。',
  'users.add': 'ユーザーを登録する',
  'users.caption': '登録されているユーザー（{count} 人）',
  'users.empty': 'ユーザーはまだ登録されていません。',
  'users.loadFailed': 'ユーザーの一覧を読み込めませんでした。',
  'users.col.name': '氏名',
  'users.col.email': 'メールアドレス',
  'users.col.role': '権限区分',
  'users.col.status': '状態',
  'users.col.rights': '権限',
  'users.col.lastSignIn': '最終ログイン',
  'users.col.totp': '2段階認証',
  'users.neverSignedIn': '未ログイン',
  'users.status.invited': '招待中',
  'users.status.active': '有効',
  'users.status.suspended': '利用停止中',
  'users.invitationUntil': '（期限 {date}）',
  'users.invitationExpired': '（招待の期限切れ）',
  'users.totp.enabled': '有効',
  'users.totp.disabled': '未設定',
  'users.created': '{name} さんを登録し、{email} に招待メールを送りました。招待は 72 時間有効です。',
  'users.deleted': '{name} さんを削除しました。',
  'users.revoked': '{name} さんへの招待を取り消しました。',
  'users.auditNote': 'ユーザーの登録、変更、利用停止、削除などの操作は、すべて監査ログに記録されます。',
  'users.newTitle': 'ユーザーの登録',
  'users.newIntro':
    '登録すると、入力したメールアドレスに招待メールが届きます。招待された人は、メールのリンクから 72 時間以内にパスワードを設定して利用を開始します。',
  'users.name': '氏名',
  'users.nameRequired': '氏名を入力してください。',
  'users.email': 'メールアドレス',
  'users.emailHint': '本人が受け取れる、業務用のメールアドレスを入力してください。',
  'users.emailRequired': 'メールアドレスを入力してください。',
  'users.emailInvalid': 'メールアドレスの形式が正しくありません（例: hanako@example.lg.jp）。',
  'users.emailFixed':
    'メールアドレスは変更できません。変更が必要な場合は、新しいメールアドレスでユーザーを登録し直してください。',
  'users.role': '権限区分',
  'users.roleGeneralHint': '管理者が設定した権限の範囲で、観光情報などを扱います。',
  'users.roleAdminHint':
    'すべての機能を扱えるほか、ユーザー管理、監査ログ、組織設定を行えます。必要な人だけにしてください。',
  'users.adminRightsNote': '管理者は、すべての機能で「公開」までの権限を持ちます。機能ごとの設定は不要です。',
  'users.submit': '登録して招待メールを送る',
  'users.submitting': '登録しています…',
  'users.backToList': 'ユーザーの一覧に戻る',
  'users.notFound': 'このユーザーは見つかりません。削除された可能性があります。',
  'users.factsTitle': '登録情報',
  'users.createdAt': '登録日時',
  'users.invitationExpiresAt': '招待の有効期限',
  'users.editTitle': '氏名と権限の変更',
  'users.save': '変更を保存する',
  'users.saving': '保存しています…',
  'users.saved': '変更を保存しました。',
  'users.actionsTitle': 'アカウントの操作',
  'users.invitedNote': 'このユーザーは、まだ招待を受け入れていません。',
  'users.suspend': '利用を停止する',
  'users.suspendHint': '異動や休職などで、一時的に使えないようにします。',
  'users.suspendTitle': '{name} さんの利用を停止しますか',
  'users.suspendBody':
    '利用を停止すると、このユーザーはすぐにログアウトされ、再開するまでログインできません。登録内容と権限はそのまま残ります。',
  'users.suspended': '利用を停止しました。',
  'users.resume': '利用を再開する',
  'users.resumed': '利用を再開しました。',
  'users.resetTotp': '2段階認証をリセットする',
  'users.resetTotpHint':
    'スマートフォンの紛失や機種変更で、本人が確認コードを入力できなくなったときに行います。',
  'users.resetTotpTitle': '{name} さんの2段階認証をリセットしますか',
  'users.resetTotpBody':
    '現在の認証アプリの登録とリカバリーコードは使えなくなります。2段階認証が必要な利用者は、次回ログイン時に設定し直します。本人からの依頼であることを確かめてから行ってください。',
  'users.totpReset': '2段階認証をリセットしました。',
  'users.resend': '招待メールを再送する',
  'users.resent': '招待メールを再送しました。',
  'users.revoke': '招待を取り消す',
  'users.revokeTitle': '{name} さんへの招待を取り消しますか',
  'users.revokeBody':
    '招待メールのリンクは使えなくなり、まだ利用を開始していないこのアカウントは削除されます。',
  'users.delete': 'ユーザーを削除する',
  'users.deleteHint': '退職などで利用しなくなったアカウントを削除します。',
  'users.deleteTitle': '{name} さんを削除しますか',
  'users.deleteBody':
    '削除すると、このユーザーはログインできなくなり、氏名やメールアドレスなどの個人情報は消去されます。元に戻すことはできません。これまでの操作の記録（監査ログ）は削除されずに残ります。',

  'rights.legend': '機能ごとの権限',
  'rights.hint':
    '機能ごとに「なし」「閲覧」「編集」「公開」のいずれかを選びます。業務に必要な最小限の権限にしてください。',
  'rights.helpTitle': '権限の意味',
  'rights.helpLevel': '権限',
  'rights.helpAllows': 'できること',
  'rights.module.spots': '観光スポット',
  'rights.module.events': 'イベント',
  'rights.module.courses': 'モデルコース',
  'rights.module.articles': '特集記事',
  'rights.module.media': 'メディア',
  'rights.module.campaigns': 'スタンプラリー',
  'rights.module.analytics': 'アクセス解析',
  'rights.module.site': 'サイト設定',
  'rights.module.support': 'サポート窓口',
  'rights.level.none': 'なし',
  'rights.level.view': '閲覧',
  'rights.level.edit': '編集',
  'rights.level.publish': '公開',
  'rights.help.none': 'その機能はメニューに表示されず、利用できません。',
  'rights.help.view': '内容を見ることができます。作成や変更はできません。',
  'rights.help.edit': '閲覧に加えて、作成、変更、下書きの保存、公開の依頼ができます。公開はできません。',
  'rights.help.publish': '編集に加えて、公開、公開の予約、公開の停止ができます。',
  'rights.summaryItem': '{module}:{level}',
  'rights.summaryAdmin': '全権限（管理者）',
  'rights.summaryNone': '権限なし',

  'settings.orgTitle': '組織の情報',
  'settings.nameJa': '組織名（日本語）',
  'settings.nameEn': '組織名（英語）',
  'settings.dataRegion': 'データの保存場所',
  'settings.orgNote':
    '組織名の変更は、ご契約時にご案内したサポート窓口にお問い合わせください。サービスコードは変更できません。',
  'settings.securityTitle': 'セキュリティ',
  'settings.totpRequired': '一般ユーザーにも2段階認証を必須にする',
  'settings.totpRequiredHint':
    'オンにすると、2段階認証を設定していない一般ユーザーは、次回ログイン時に設定を求められます。',
  'settings.idle': '操作がないときの自動ログアウト（分）',
  'settings.idleHint':
    '操作がないままこの時間が過ぎると、自動的にログアウトします。{min}〜{max} 分で指定します。',
  'settings.idleInvalid': '自動ログアウトまでの時間は、{min} から {max} までの整数（分）で入力してください。',
  'settings.absolute': 'ログインの最長継続時間（時間）',
  'settings.absoluteHint':
    '操作を続けていても、ログインからこの時間が過ぎるともう一度ログインが必要になります。{min}〜{max} 時間で指定します。',
  'settings.absoluteInvalid':
    'ログインの最長継続時間は、{min} から {max} までの整数（時間）で入力してください。',
  'settings.save': 'セキュリティ設定を保存する',
  'settings.saving': '保存しています…',
  'settings.saved': 'セキュリティ設定を保存しました。',
  'settings.loadFailed': 'セキュリティ設定を読み込めませんでした。',

  'region.jp': '日本',

  'ops.app.name': 'mitte-C 運営管理コンソール',
  'ops.badge': '提供事業者 運営担当者専用',
  'ops.header.operator': 'ログイン中の運営担当者',
  'ops.nav.label': '運営メニュー',
  'ops.signin.intro': '運営担当者のメールアドレスとパスワードを入力してログインしてください。',
  'ops.signin.help':
    'このページは mitte-C 提供事業者の運営担当者専用です。自治体・観光協会などの職員の方は、管理コンソール（/console/）からログインしてください。パスワードを忘れた場合やアカウントがロックされた場合は、運営責任者に連絡してください。',
  'ops.signin.lostDevice':
    '認証アプリの入ったスマートフォンを紛失し、リカバリーコードも手元にない場合は、運営責任者に2段階認証のリセットを依頼してください。',
  'ops.orgs.title': '組織の一覧',
  'ops.orgs.intro':
    'mitte-C を契約している組織です。組織の登録、契約、お知らせなどの運営作業は運営作業ログに記録されます。',
  'ops.orgs.caption': '登録されている組織（{count} 件）',
  'ops.orgs.empty': '組織はまだ登録されていません。',
  'ops.orgs.loadFailed': '組織の一覧を読み込めませんでした。',
  'ops.orgs.col.serviceCode': 'サービスコード',
  'ops.orgs.col.name': '組織名',
  'ops.orgs.col.lgCode': '地方公共団体コード',
  'ops.orgs.col.status': '状態',
  'ops.orgs.col.dataRegion': 'データの保存場所',
  'ops.orgs.col.contract': '契約期間',
  'ops.orgs.col.createdAt': '登録日時',
  'ops.orgs.status.active': '利用中',
  'ops.orgs.status.suspended': '停止中',
  'ops.orgs.status.terminated': '契約終了',
  'ops.orgs.contractRange': '{start} 〜 {end}',
  'ops.orgs.add': '組織を登録する',
  'ops.orgs.created':
    '組織「{name}」（サービスコード {serviceCode}）を登録し、最初の管理者 {email} に招待メールを送りました。',
  'ops.new.title': '組織の登録',
  'ops.new.intro':
    '新しい組織と、その最初の管理者を登録します。管理者には招待メールが届き、72 時間以内にパスワードを設定して利用を開始します。',
  'ops.new.orgLegend': '組織',
  'ops.new.serviceCode': 'サービスコード',
  'ops.new.serviceCodeHint':
    '3〜32 文字の半角英小文字（a–z）、数字（0–9）、ハイフン（-）で、先頭は英小文字にします。あとから変更できません。例: kyoto-city',
  'ops.new.serviceCodeRequired': 'サービスコードを入力してください。',
  'ops.new.serviceCodeInvalid':
    'サービスコードは、英小文字で始まる 3〜32 文字の半角英小文字・数字・ハイフンで入力してください。',
  'ops.new.nameJa': '組織名（日本語）',
  'ops.new.nameJaRequired': '組織名（日本語）を入力してください。',
  'ops.new.nameEn': '組織名（英語）',
  'ops.new.nameEnRequired': '組織名（英語）を入力してください。',
  'ops.new.lgCode': '全国地方公共団体コード',
  'ops.new.lgCodeHint': '6 桁の数字です（最後の 1 桁はチェックディジット）。例: 011002（札幌市）',
  'ops.new.lgCodeInvalid':
    '全国地方公共団体コードは、チェックディジットを含む 6 桁の数字で入力してください。',
  'ops.new.dataRegion': 'データの保存場所',
  'ops.new.contractStart': '契約開始日',
  'ops.new.contractEnd': '契約終了日',
  'ops.new.contractOrder': '契約終了日は、契約開始日以降の日付にしてください。',
  'ops.new.adminLegend': '最初の管理者',
  'ops.new.adminHint': 'この組織の最初の管理者です。招待メールを受け取り、ほかの利用者を登録します。',
  'ops.new.adminName': '管理者の氏名',
  'ops.new.adminNameRequired': '管理者の氏名を入力してください。',
  'ops.new.adminEmail': '管理者のメールアドレス',
  'ops.new.adminEmailRequired': '管理者のメールアドレスを入力してください。',
  'ops.new.submit': '組織を登録して招待メールを送る',
  'ops.new.submitting': '登録しています…',
  'ops.new.auditNote': '組織の登録は、運営作業ログ（監査ログ）に記録されます。',
  'ops.notFound.back': '組織の一覧へ戻る',
  'account.sessionsLoadFailed': 'ログイン中のセッションを読み込めませんでした。',
  // Named by the shell (navigation, banners) although their screens are areas.
  'module.site.title': '公開サイトの設定',
  'module.site.description': '観光サイトの公開言語、ロゴ、テーマカラー、フッターのリンクを設定します。',
  'module.notices.title': 'お知らせ',
  'module.notices.description': '運営者からのメンテナンス・変更・セキュリティに関するお知らせです。',
  'notices.banner.title': '確認が必要なお知らせが {count} 件あります',
  'notices.banner.open': 'お知らせを開く',
  'ops.notices.title': 'お知らせ',
  'module.incidents.title': '障害情報',
  'module.incidents.description': '組織に影響する障害の経過と事後報告です。',
  'ops.incidents.title': '障害対応',
  'module.support.title': 'サポート窓口',
  'module.support.description':
    'セキュリティ事象・情報漏えいの疑い・不具合・お問い合わせを運営者へ報告します。',
  'ops.support.title': 'サポート窓口',
  'module.breakGlass.title': '緊急アクセス',
  'module.breakGlass.description': '運営担当者による組織データの閲覧（承認制・期限付き）の記録です。',
  'breakGlass.active': '現在、運営担当者が閲覧中です（{until} まで）',
  'ops.breakGlass.title': '緊急アクセス',
  'lifecycle.status.purged': '削除済み',
  'module.contract.title': '契約',
  'module.contract.description': '契約期間と利用状況、契約終了後の削除予定日を確認します。',
  'module.export.title': 'データの書き出し',
  'module.export.description':
    '組織のすべてのデータ（コンテンツ、画像の原本、利用者、設定、アクセス集計、監査ログ）を 1 つの ZIP にまとめて書き出します。',
  'ops.system.title': 'システムの状態',
  'ops.quarantine.title': '隔離ファイル',
  'ops.capacity.title': '容量',
  'ops.operators.title': '運用担当者の管理',
  'ops.worklog.title': '作業ログの確認',
  'content.required': '必須',
};

type ShellKey = keyof typeof ja;
export type MessageKey =
  | ShellKey
  | keyof typeof analyticsJa
  | keyof typeof auditJa
  | keyof typeof bulkJa
  | keyof typeof capacityJa
  | keyof typeof contentJa
  | keyof typeof domainsJa
  | keyof typeof exportBackupJa
  | keyof typeof journeysJa
  | keyof typeof lifecycleJa
  | keyof typeof mediaJa
  | keyof typeof noticesJa
  | keyof typeof opendataJa
  | keyof typeof opsStaffJa
  | keyof typeof opsSystemJa
  | keyof typeof quarantineJa
  | keyof typeof rallyJa
  | keyof typeof siteJa
  | keyof typeof supportJa;
export type Catalogue = Record<MessageKey, string>;

// A missing key or an extra key is a compile error (each area file types its own the same way).
const en: Record<ShellKey, string> = {
  'app.name': 'mitte-C Console',
  'app.skipToMain': 'Skip to main content',
  'lang.switch': '日本語',
  'lang.switchHint': ' (switch the display language to Japanese)',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.requestId': 'Reference number: {id}',
  'common.retryAfter': 'Please try again in {seconds} seconds.',
  'common.adminOnly': 'Only administrators can use this page. Please ask your organisation administrator.',

  'signin.title': 'Sign in',
  'signin.intro': 'Enter your service code, e-mail address and password to sign in.',
  'signin.serviceCode': 'Service code',
  'signin.serviceCodeHint': 'The code assigned to your organisation.',
  'signin.serviceCodeRequired': 'Enter your service code.',
  'signin.email': 'E-mail address',
  'signin.emailRequired': 'Enter your e-mail address.',
  'signin.password': 'Password',
  'signin.passwordRequired': 'Enter your password.',
  'signin.submit': 'Sign in',
  'signin.submitting': 'Signing in…',
  'signin.help':
    'After repeated wrong passwords your account is locked for a while and a notice is sent to your registered e-mail address. Try again after the time shown. If that does not help, contact your organisation administrator.',
  'signin.totpTitle': 'Two-factor authentication',
  'signin.totpIntro': 'Enter the 6-digit code shown in your authenticator app.',
  'signin.totpCode': 'Verification code (6 digits)',
  'signin.totpInvalid': 'Enter the 6-digit verification code.',
  'signin.totpSubmit': 'Verify and sign in',
  'signin.totpSubmitting': 'Verifying…',
  'signin.restart': 'Back to e-mail and password',

  'header.organisation': 'Organisation',
  'header.serviceCode': 'Service code',
  'header.user': 'Signed in as',
  'header.userWithRole': '{name} ({role})',
  'header.signOut': 'Sign out',
  'header.signingOut': 'Signing out…',
  'role.admin': 'Administrator',
  'role.general': 'General user',

  'session.loadFailed': 'Your account information could not be loaded.',
  'session.toSignIn': 'Go to sign-in',

  'nav.label': 'Main menu',
  'module.dashboard.title': 'Dashboard',
  'module.dashboard.description': "Check the status of your organisation's tourism information and notices.",
  'module.dashboard.welcome': 'Welcome, {name}.',
  'module.spots.title': 'Tourist spots',
  'module.spots.description': 'Register, edit and publish tourist spots.',
  'module.events.title': 'Events',
  'module.events.description': 'Register and publish events with dates, venues and application deadlines.',
  'module.courses.title': 'Model courses',
  'module.courses.description': 'Create model courses that visit tourist spots in order.',
  'module.articles.title': 'Feature articles',
  'module.articles.description': 'Write seasonal features and recommendation articles.',
  'module.media.title': 'Media',
  'module.media.description': 'Upload and manage photos, videos and PDF brochures.',
  'module.rally.title': 'Stamp rallies',
  'module.rally.description': 'Manage digital stamp rally campaigns and their checkpoints.',
  'module.analytics.title': 'Analytics',
  'module.analytics.description': 'See page views of the tourism site and campaign participation.',
  'module.users.title': 'Users',
  'module.users.description': 'Register and delete general users and set their rights.',
  'module.auditLog.title': 'Audit log',
  'module.auditLog.description': "Review and export users' activity records and usage status.",
  'module.settings.title': 'Organisation settings',
  'module.settings.description':
    'View the organisation name and data location, and set the sign-in policy (two-factor, session times).',
  'module.account.title': 'Account',
  'module.account.description': 'Manage your own password, two-factor authentication and signed-in sessions.',

  'notFound.title': 'Page not found',
  'notFound.body':
    'The page you are looking for does not exist or has moved. Please check the address (URL).',
  'notFound.back': 'Back to the dashboard',

  'error.title': 'Something went wrong',
  'error.body':
    'This page could not be shown. Please reload the page. If the problem continues, contact your organisation administrator.',
  'error.reload': 'Reload the page',

  'common.optional': ' (optional)',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.processing': 'Working…',
  'common.auditNote': 'Every action on this page is recorded in the audit log.',
  'common.notRecorded': '—',
  'common.noAccess':
    'You do not have the right to use this module. Please ask your organisation administrator if you need it.',
  'common.actions': 'Actions',
  'common.scrollTable': 'Table (scrolls sideways)',

  'signin.forgotPassword': 'Forgotten your password?',
  'signin.resetDone':
    'Your password has been reset. Please sign in with the new password. If you use two-factor authentication, you will be asked for a verification code next.',
  'signin.useRecoveryCode': 'Cannot use your authenticator app? Enter a recovery code',
  'signin.useTotpCode': 'Enter a code from your authenticator app',
  'signin.recoveryCode': 'Recovery code',
  'signin.recoveryIntro':
    'Enter one of the recovery codes you saved when you set up two-factor authentication (for example abcd-efgh-ijkl). Each code works only once.',
  'signin.recoveryInvalid': 'Enter the recovery code in the form "abcd-efgh-ijkl" (12 letters and digits).',
  'signin.lostDevice':
    'If you have lost the phone with your authenticator app and have no recovery code, ask your organisation administrator to reset your two-factor authentication.',

  'totp.enrolTitle': 'Set up two-factor authentication',
  'totp.enrolIntro':
    'With two-factor authentication you enter, besides your password, a verification code from an authenticator app on your phone each time you sign in. Set it up as follows.',
  'totp.step1Title': '1. Get an authenticator app',
  'totp.step1Body':
    'Install an authenticator app that supports TOTP, such as Google Authenticator or Microsoft Authenticator, on your phone.',
  'totp.step2Title': '2. Scan the QR code',
  'totp.step2Body': 'Add an account in the authenticator app and scan this QR code.',
  'totp.qrAlt':
    'QR code to register in your authenticator app. If you cannot scan it, enter the setup key shown below.',
  'totp.manualKey':
    'If you cannot scan the QR code, choose "Enter a setup key" (or similar) in the app and type this key (spaces are not needed).',
  'totp.secretLabel': 'Setup key',
  'totp.openInApp': 'Open in the authenticator app on this device',
  'totp.step3Title': '3. Enter the verification code',
  'totp.step3Body': 'Enter the 6-digit code shown in the app and press "Finish setup".',
  'totp.confirm': 'Finish setup',
  'totp.confirming': 'Verifying…',
  'totp.loadFailed': 'The two-factor setup information could not be loaded.',

  'recovery.title': 'Save your recovery codes',
  'recovery.intro':
    'Recovery codes replace the verification code when you cannot use your authenticator app, for example after losing your phone. Each code works only once.',
  'recovery.once':
    'These codes are shown only this once. Copy or print them and keep them in a safe place, separate from your password.',
  'recovery.listLabel': 'Recovery codes ({count})',
  'recovery.copy': 'Copy',
  'recovery.copied': 'The recovery codes have been copied to the clipboard.',
  'recovery.copyFailed': 'Copying failed. Select the codes and copy them, or print them.',
  'recovery.print': 'Print',
  'recovery.printHeading': 'mitte-C recovery codes',
  'recovery.printAccount': 'Account: {account}',
  'recovery.printIssued': 'Issued: {date}',
  'recovery.saved': 'I have saved the recovery codes in a safe place',
  'recovery.savedRequired': 'Once you have saved the recovery codes, tick "I have saved".',
  'recovery.continue': 'Continue',

  'password.rulesTitle': 'Password rules',
  'password.ruleLength': 'At least {min} characters.',
  'password.ruleCommon': 'Commonly used (easily guessed) passwords are not accepted.',
  'password.rulePersonal':
    'Must not contain the part of your e-mail address before the @, or the service code.',
  'password.ruleTip': 'A long passphrase of several words you can remember is a good choice.',
  'password.current': 'Current password',
  'password.currentRequired': 'Enter your current password.',
  'password.new': 'New password',
  'password.confirm': 'New password (again)',
  'password.required': 'Enter a new password.',
  'password.tooShort': 'The password must be at least {min} characters long.',
  'password.containsEmail': 'The password must not contain the part of your e-mail address before the @.',
  'password.containsServiceCode': 'The password must not contain the service code.',
  'password.confirmRequired': 'Enter the new password again to confirm it.',
  'password.mismatch': 'The two passwords do not match. Enter the same password twice.',

  'reset.title': 'Reset your password',
  'reset.intro':
    'Enter your service code and the e-mail address of your account. We will send you an e-mail for resetting your password.',
  'reset.submit': 'Send reset e-mail',
  'reset.submitting': 'Sending…',
  'reset.sentTitle': 'Please check your e-mail',
  'reset.sent':
    'If an account with this service code and e-mail address exists, we have sent it an e-mail for resetting the password. The link in the e-mail is valid for 30 minutes.',
  'reset.sentHelp':
    'If no e-mail arrives, check your spam folder, make sure what you entered is right and try again. If it still does not arrive, contact your organisation administrator.',
  'reset.backToSignIn': 'Back to sign-in',
  'reset.newTitle': 'Set a new password',
  'reset.newIntro': 'Enter a new password and press "Set password".',
  'reset.confirmSubmit': 'Set password',
  'reset.requestAgain': 'Send a new reset e-mail',

  'invitation.title': 'Start using your account',
  'invitation.intro':
    'An administrator of {organisation} has invited you to the mitte-C console. Set a password to start using your account.',
  'invitation.factsTitle': 'Your invitation',
  'invitation.serviceCodeNote': 'You enter this service code when you sign in. Please keep a note of it.',
  'invitation.totpNotice':
    'This organisation requires two-factor authentication. After setting your password you will set up an authenticator app, so please have your phone ready.',
  'invitation.submit': 'Set password and start',
  'invitation.submitting': 'Setting up…',
  'invitation.invalidTitle': 'This invitation link cannot be used',
  'invitation.invalid':
    'This invitation link has expired (after 72 hours), has already been used or has been withdrawn. Please ask your organisation administrator to send the invitation again.',
  'invitation.noToken':
    'The invitation link is incomplete. Open the link in the e-mail again, or paste the whole address into the browser.',
  'invitation.loadFailed': 'The invitation could not be loaded.',

  'account.profileTitle': 'Your details',
  'account.name': 'Name',
  'account.role': 'Role',
  'account.passwordTitle': 'Change password',
  'account.passwordIntro':
    'Changing your password signs you out on every other device and browser. You stay signed in here.',
  'account.passwordSubmit': 'Change password',
  'account.passwordChanging': 'Changing…',
  'account.passwordChanged':
    'Your password has been changed. You have been signed out on other devices and browsers.',
  'account.totpTitle': 'Two-factor authentication',
  'account.totpStatus': 'Status',
  'account.totpEnabled':
    'Two-factor authentication is on. You enter a code from your authenticator app each time you sign in.',
  'account.totpDisabled':
    'Two-factor authentication is not set up. We recommend setting it up in case your password is ever leaked.',
  'account.totpCancel': 'Cancel the set-up',
  'account.totpSetUp': 'Set up two-factor authentication',
  'account.totpSetUpDone':
    'Two-factor authentication is set up. You will need a verification code from your next sign-in.',
  'account.recoveryTitle': 'New recovery codes',
  'account.recoveryIntro':
    'If you have lost your recovery codes or have only a few left, you can issue new ones. All earlier recovery codes then stop working.',
  'account.recoveryCode': 'Verification code from your authenticator app (6 digits)',
  'account.recoveryCodeHint': 'To confirm it is you, enter the code your authenticator app shows now.',
  'account.recoverySubmit': 'Issue new recovery codes',
  'account.recoverySubmitting': 'Issuing…',
  'account.recoveryDone': 'New recovery codes have been issued. Your earlier recovery codes no longer work.',
  'account.lostDevice':
    'If you have lost or replaced the phone with your authenticator app, ask your organisation administrator to reset your two-factor authentication.',
  'account.sessionsTitle': 'Signed-in sessions',
  'account.sessionsIntro':
    'The devices and browsers signed in with your account. If you do not recognise one, end it and change your password.',
  'account.sessionsCaption': 'Signed-in sessions ({count})',
  'account.sessionBrowser': 'Browser',
  'account.sessionStarted': 'Signed in',
  'account.sessionLastSeen': 'Last used',
  'account.sessionIp': 'IP address',
  'account.sessionCurrent': 'This device (current session)',
  'account.sessionEnd': 'End this session',
  'account.sessionEndContext': ' ({browser}, signed in {date})',
  'account.sessionEndTitle': 'End this session?',
  'account.sessionEndBody':
    'The sign-in on {browser} (IP address {ip}) will end. That device will have to sign in again.',
  'account.sessionEndCurrentBody':
    'Ending the session of this device signs you out and returns to the sign-in page.',
  'account.sessionEndConfirm': 'End session',
  'account.sessionEnded': 'The session has been ended.',
  'account.sessionsEmpty': 'There are no signed-in sessions.',
  'account.unknownBrowser': 'Unknown browser',

  'users.intro': "Register your organisation's users and set their rights per module.",
  'users.add': 'Register a user',
  'users.caption': 'Registered users ({count})',
  'users.empty': 'No users have been registered yet.',
  'users.loadFailed': 'The list of users could not be loaded.',
  'users.col.name': 'Name',
  'users.col.email': 'E-mail address',
  'users.col.role': 'Role',
  'users.col.status': 'Status',
  'users.col.rights': 'Rights',
  'users.col.lastSignIn': 'Last sign-in',
  'users.col.totp': 'Two-factor',
  'users.neverSignedIn': 'Never',
  'users.status.invited': 'Invited',
  'users.status.active': 'Active',
  'users.status.suspended': 'Suspended',
  'users.invitationUntil': ' (until {date})',
  'users.invitationExpired': ' (invitation expired)',
  'users.totp.enabled': 'On',
  'users.totp.disabled': 'Not set up',
  'users.created':
    '{name} has been registered and an invitation has been sent to {email}. It is valid for 72 hours.',
  'users.deleted': '{name} has been deleted.',
  'users.revoked': 'The invitation for {name} has been withdrawn.',
  'users.auditNote':
    'Registering, changing, suspending and deleting users are all recorded in the audit log.',
  'users.newTitle': 'Register a user',
  'users.newIntro':
    'An invitation e-mail is sent to the address you enter. The invited person sets a password through the link in it within 72 hours and can then sign in.',
  'users.name': 'Name',
  'users.nameRequired': 'Enter the name.',
  'users.email': 'E-mail address',
  'users.emailHint': 'A work e-mail address the person can receive mail at.',
  'users.emailRequired': 'Enter the e-mail address.',
  'users.emailInvalid': 'The e-mail address is not valid (for example hanako@example.lg.jp).',
  'users.emailFixed':
    'The e-mail address cannot be changed. If it must change, register the user again with the new address.',
  'users.role': 'Role',
  'users.roleGeneralHint': 'Works with tourism content within the rights an administrator sets.',
  'users.roleAdminHint':
    'Can use every module and also manage users, the audit log and organisation settings. Give this role only to those who need it.',
  'users.adminRightsNote':
    'Administrators have the "publish" right in every module; no per-module setting is needed.',
  'users.submit': 'Register and send invitation',
  'users.submitting': 'Registering…',
  'users.backToList': 'Back to the list of users',
  'users.notFound': 'This user was not found. It may have been deleted.',
  'users.factsTitle': 'Details',
  'users.createdAt': 'Registered',
  'users.invitationExpiresAt': 'Invitation valid until',
  'users.editTitle': 'Change name and rights',
  'users.save': 'Save changes',
  'users.saving': 'Saving…',
  'users.saved': 'The changes have been saved.',
  'users.actionsTitle': 'Account actions',
  'users.invitedNote': 'This user has not accepted the invitation yet.',
  'users.suspend': 'Suspend',
  'users.suspendHint': 'Blocks the account for a while, for example during a transfer or leave.',
  'users.suspendTitle': 'Suspend {name}?',
  'users.suspendBody':
    'The user is signed out at once and cannot sign in until resumed. Their details and rights are kept.',
  'users.suspended': 'The user has been suspended.',
  'users.resume': 'Resume',
  'users.resumed': 'The user can sign in again.',
  'users.resetTotp': 'Reset two-factor authentication',
  'users.resetTotpHint':
    'For a user who lost or replaced their phone and can no longer enter a verification code.',
  'users.resetTotpTitle': 'Reset two-factor authentication of {name}?',
  'users.resetTotpBody':
    'Their current authenticator app registration and recovery codes stop working. Users who need two-factor authentication set it up again at their next sign-in. Make sure the request really comes from the user.',
  'users.totpReset': 'Two-factor authentication has been reset.',
  'users.resend': 'Re-send invitation',
  'users.resent': 'The invitation has been sent again.',
  'users.revoke': 'Withdraw invitation',
  'users.revokeTitle': 'Withdraw the invitation for {name}?',
  'users.revokeBody':
    'The link in the invitation e-mail stops working and this account, which has never been used, is removed.',
  'users.delete': 'Delete user',
  'users.deleteHint': 'Deletes an account that is no longer used, for example after someone leaves.',
  'users.deleteTitle': 'Delete {name}?',
  'users.deleteBody':
    'The user can no longer sign in, and personal data such as name and e-mail address is erased. This cannot be undone. The record of their past actions (audit log) is kept.',

  'rights.legend': 'Rights per module',
  'rights.hint': 'Choose "None", "View", "Edit" or "Publish" for each module. Give only what the work needs.',
  'rights.helpTitle': 'What the rights mean',
  'rights.helpLevel': 'Right',
  'rights.helpAllows': 'Allows',
  'rights.module.spots': 'Tourist spots',
  'rights.module.events': 'Events',
  'rights.module.courses': 'Model courses',
  'rights.module.articles': 'Feature articles',
  'rights.module.media': 'Media',
  'rights.module.campaigns': 'Stamp rallies',
  'rights.module.analytics': 'Analytics',
  'rights.module.site': 'Site settings',
  'rights.module.support': 'Support desk',
  'rights.level.none': 'None',
  'rights.level.view': 'View',
  'rights.level.edit': 'Edit',
  'rights.level.publish': 'Publish',
  'rights.help.none': 'The module is not shown in the menu and cannot be used.',
  'rights.help.view': 'Can look at the content, but not create or change it.',
  'rights.help.edit': 'View, plus create, change, save drafts and ask for publication. Cannot publish.',
  'rights.help.publish': 'Edit, plus publish, schedule publication and unpublish.',
  'rights.summaryItem': '{module}: {level}',
  'rights.summaryAdmin': 'All rights (administrator)',
  'rights.summaryNone': 'No rights',

  'settings.orgTitle': 'Organisation',
  'settings.nameJa': 'Name (Japanese)',
  'settings.nameEn': 'Name (English)',
  'settings.dataRegion': 'Data location',
  'settings.orgNote':
    'To change the organisation name, contact the support desk given in your contract. The service code cannot be changed.',
  'settings.securityTitle': 'Security',
  'settings.totpRequired': 'Require two-factor authentication for general users too',
  'settings.totpRequiredHint':
    'When on, general users without two-factor authentication are asked to set it up at their next sign-in.',
  'settings.idle': 'Sign out after inactivity (minutes)',
  'settings.idleHint':
    'Users are signed out when they do nothing for this long. Between {min} and {max} minutes.',
  'settings.idleInvalid':
    'Enter a whole number of minutes between {min} and {max} for the inactivity sign-out.',
  'settings.absolute': 'Longest sign-in (hours)',
  'settings.absoluteHint':
    'Even when active, users must sign in again this long after signing in. Between {min} and {max} hours.',
  'settings.absoluteInvalid':
    'Enter a whole number of hours between {min} and {max} for the longest sign-in.',
  'settings.save': 'Save security settings',
  'settings.saving': 'Saving…',
  'settings.saved': 'The security settings have been saved.',
  'settings.loadFailed': 'The security settings could not be loaded.',

  'region.jp': 'Japan',

  'ops.app.name': 'mitte-C Operations Console',
  'ops.badge': 'Provider operators only',
  'ops.header.operator': 'Signed-in operator',
  'ops.nav.label': 'Operations menu',
  'ops.signin.intro': 'Enter your operator e-mail address and password to sign in.',
  'ops.signin.help':
    "This page is for the mitte-C provider's operators only. Staff of municipalities and tourism associations sign in at the console (/console/). If you have forgotten your password or your account is locked, contact the operations manager.",
  'ops.signin.lostDevice':
    'If you have lost the phone with your authenticator app and have no recovery code, ask the operations manager to reset your two-factor authentication.',
  'ops.orgs.title': 'Organisations',
  'ops.orgs.intro':
    'Organisations with a mitte-C contract. Operations work such as registering organisations, contracts and notices is recorded in the operations log.',
  'ops.orgs.caption': 'Registered organisations ({count})',
  'ops.orgs.empty': 'No organisations have been registered yet.',
  'ops.orgs.loadFailed': 'The list of organisations could not be loaded.',
  'ops.orgs.col.serviceCode': 'Service code',
  'ops.orgs.col.name': 'Name',
  'ops.orgs.col.lgCode': 'Local government code',
  'ops.orgs.col.status': 'Status',
  'ops.orgs.col.dataRegion': 'Data location',
  'ops.orgs.col.contract': 'Contract',
  'ops.orgs.col.createdAt': 'Registered',
  'ops.orgs.status.active': 'Active',
  'ops.orgs.status.suspended': 'Suspended',
  'ops.orgs.status.terminated': 'Terminated',
  'ops.orgs.contractRange': '{start} – {end}',
  'ops.orgs.add': 'Register an organisation',
  'ops.orgs.created':
    'The organisation "{name}" (service code {serviceCode}) has been registered and an invitation has been sent to its first administrator, {email}.',
  'ops.new.title': 'Register an organisation',
  'ops.new.intro':
    'Registers a new organisation and its first administrator. The administrator receives an invitation e-mail and sets a password within 72 hours.',
  'ops.new.orgLegend': 'Organisation',
  'ops.new.serviceCode': 'Service code',
  'ops.new.serviceCodeHint':
    '3–32 characters: lower-case letters a–z, digits 0–9 and hyphens (-), starting with a letter. It cannot be changed later. Example: kyoto-city',
  'ops.new.serviceCodeRequired': 'Enter the service code.',
  'ops.new.serviceCodeInvalid':
    'The service code must be 3–32 lower-case letters, digits and hyphens, starting with a letter.',
  'ops.new.nameJa': 'Name (Japanese)',
  'ops.new.nameJaRequired': 'Enter the Japanese name.',
  'ops.new.nameEn': 'Name (English)',
  'ops.new.nameEnRequired': 'Enter the English name.',
  'ops.new.lgCode': 'Local government code (全国地方公共団体コード)',
  'ops.new.lgCodeHint': '6 digits, the last being a check digit. Example: 011002 (Sapporo)',
  'ops.new.lgCodeInvalid': 'Enter the 6-digit local government code with a correct check digit.',
  'ops.new.dataRegion': 'Data location',
  'ops.new.contractStart': 'Contract start',
  'ops.new.contractEnd': 'Contract end',
  'ops.new.contractOrder': 'The contract end must not be before the contract start.',
  'ops.new.adminLegend': 'First administrator',
  'ops.new.adminHint':
    "The organisation's first administrator. They receive the invitation e-mail and register the other users.",
  'ops.new.adminName': "Administrator's name",
  'ops.new.adminNameRequired': "Enter the administrator's name.",
  'ops.new.adminEmail': "Administrator's e-mail address",
  'ops.new.adminEmailRequired': "Enter the administrator's e-mail address.",
  'ops.new.submit': 'Register and send invitation',
  'ops.new.submitting': 'Registering…',
  'ops.new.auditNote': 'Registering an organisation is recorded in the operations log (audit log).',
  'ops.notFound.back': 'Back to the organisations',
  'account.sessionsLoadFailed': 'The signed-in sessions could not be loaded.',
  // Named by the shell (navigation, banners) although their screens are areas.
  'module.site.title': 'Public site settings',
  'module.site.description': 'Set the tourism site’s languages, logo, theme colours and footer links.',
  'module.notices.title': 'Notices',
  'module.notices.description': "The provider's notices about maintenance, changes and security.",
  'notices.banner.title': '{count} notices need your acknowledgement',
  'notices.banner.open': 'Open the notices',
  'ops.notices.title': 'Notices',
  'module.incidents.title': 'Incidents',
  'module.incidents.description': 'Incidents affecting the organisation: their timeline and report.',
  'ops.incidents.title': 'Incidents',
  'module.support.title': 'Support desk',
  'module.support.description':
    'Report a security event, a suspected breach, a bug or an inquiry to the provider.',
  'ops.support.title': 'Support desk',
  'module.breakGlass.title': 'Break-glass access',
  'module.breakGlass.description': "Operators' approved, time-limited reads of your organisation's data.",
  'breakGlass.active': 'An operator is reading your data now (until {until})',
  'ops.breakGlass.title': 'Break-glass access',
  'lifecycle.status.purged': 'Purged',
  'module.contract.title': 'Contract',
  'module.contract.description': 'Contract period, status and, after the contract ends, the purge date.',
  'module.export.title': 'Export data',
  'module.export.description':
    "Writes all of the organisation's data (content, original files, users, settings, analytics, audit log) into one zip.",
  'ops.system.title': 'System status',
  'ops.quarantine.title': 'Quarantined files',
  'ops.capacity.title': 'Capacity',
  'ops.operators.title': 'Operators',
  'ops.worklog.title': 'Work-log review',
  'content.required': 'Required',
};

/** The catalogues: the shell's, and each area's once registered. */
export const messages: Record<Lang, Catalogue> = { ja: { ...ja } as Catalogue, en: { ...en } as Catalogue };

/** Adds an area's messages (called once by each i18n-<area>.ts when its module is evaluated). */
export function registerMessages<K extends MessageKey>(
  areaJa: Record<K, string>,
  areaEn: Record<K, string>,
): void {
  Object.assign(messages.ja, areaJa);
  Object.assign(messages.en, areaEn);
}

export type MessageParams = Record<string, string | number>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Looks up a message and fills `{name}` placeholders; an unknown placeholder is left as written. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  // An area that was not loaded shows its key rather than breaking the screen.
  const template = messages[lang][key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The placeholder names used in a message, sorted (for parity checks between languages). */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

/** Stored language, or Japanese (the console speaks Japanese first). Storage may be unavailable. */
export function readStoredLang(storage: Pick<Storage, 'getItem'> | undefined): Lang {
  try {
    const stored = storage?.getItem(LANG_STORAGE_KEY);
    return isLang(stored) ? stored : 'ja';
  } catch {
    return 'ja';
  }
}

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'ja', setLang: () => {} });

export function initialLang(): Lang {
  return readStoredLang(browserStorage());
}

export function applyDocumentLang(lang: Lang): void {
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    applyDocumentLang(next);
    try {
      browserStorage()?.setItem(LANG_STORAGE_KEY, next);
    } catch {
      // Storage full or blocked: the switch still works for this visit.
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return createElement(LangContext.Provider, { value }, children);
}

/** Current language and the switch. */
export function useLang(): LangState {
  return useContext(LangContext);
}

export type TFunction = (key: MessageKey, params?: MessageParams) => string;

/** Translation function bound to the current language. */
export function useT(): TFunction {
  const { lang } = useContext(LangContext);
  return useCallback<TFunction>((key, params) => translate(lang, key, params), [lang]);
}
