import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** localStorage key that remembers the chosen console language. */
export const LANG_STORAGE_KEY = 'mitte.lang';

// Japanese is the source catalogue: its keys define MessageKey.
const ja = {
  'app.name': 'mitte-C 管理コンソール',
  'app.skipToMain': 'メインコンテンツへ移動',
  'lang.switch': 'English',
  'lang.switchHint': '（表示言語を英語に切り替えます）',

  'common.loading': '読み込み中です…',
  'common.retry': 'もう一度読み込む',
  'common.preparingBadge': '準備中',
  'common.preparing': 'この機能は現在準備中です。利用できるようになるまでしばらくお待ちください。',
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
    'パスワードを忘れた場合や、アカウントがロックされてログインできない場合は、組織の管理者にお問い合わせください。',
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
  'module.settings.description': '組織の名称、公開サイトの言語、データの保存場所などを確認・設定します。',
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
};

export type MessageKey = keyof typeof ja;
export type Catalogue = Record<MessageKey, string>;

// Typed as Catalogue: a missing key or an extra key is a compile error.
const en: Catalogue = {
  'app.name': 'mitte-C Console',
  'app.skipToMain': 'Skip to main content',
  'lang.switch': '日本語',
  'lang.switchHint': ' (switch the display language to Japanese)',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.preparingBadge': 'Coming soon',
  'common.preparing': 'This module is being prepared. Please wait until it becomes available.',
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
    'If you have forgotten your password or your account is locked, please contact your organisation administrator.',
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
  'module.settings.description': 'View and change the organisation name, site languages and data location.',
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
};

export const messages: Record<Lang, Catalogue> = { ja, en };

export type MessageParams = Record<string, string | number>;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Looks up a message and fills `{name}` placeholders; an unknown placeholder is left as written. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const template = messages[lang][key];
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
