import { fetchMe, type Me } from '../api';
import { BreakGlassBanner } from '../components/break-glass-banner';
import { NoticeBanner } from '../components/notice-banner';
import { type TFunction, useLang, useT } from '../i18n';
import { consoleModules, isModuleVisible } from '../modules';
import { SessionContext, SessionRefreshContext } from '../session';
import { type ShellParts, type SignedInFrame, SignedInLayout } from './signed-in-layout';

/** Signed-in frame of the organisation console: header facts and the navigation of its modules. */
export function ConsoleLayout() {
  const t = useT();
  const { lang } = useLang();
  return <SignedInLayout frame={consoleFrame(t, lang)} />;
}

function consoleFrame(t: TFunction, lang: string): SignedInFrame<Me> {
  return {
    loadMe: fetchMe,
    provide: (me, refresh, children) => (
      <SessionContext.Provider value={me}>
        <SessionRefreshContext.Provider value={refresh}>{children}</SessionRefreshContext.Provider>
      </SessionContext.Provider>
    ),
    shell: (me) => consoleShell(me, t, lang),
  };
}

function consoleShell({ organisation, user }: Me, t: TFunction, lang: string): ShellParts {
  const organisationName = lang === 'en' && organisation.nameEn ? organisation.nameEn : organisation.nameJa;
  return {
    facts: (
      <dl className="header-facts">
        <div>
          <dt className="visually-hidden">{t('header.organisation')}</dt>
          <dd className="org-name">{organisationName}</dd>
        </div>
        <div>
          <dt>{t('header.serviceCode')}</dt>
          <dd>
            <code>{organisation.serviceCode}</code>
          </dd>
        </div>
        <div>
          <dt className="visually-hidden">{t('header.user')}</dt>
          <dd>
            {t('header.userWithRole', {
              name: user.name,
              role: t(user.role === 'admin' ? 'role.admin' : 'role.general'),
            })}
          </dd>
        </div>
      </dl>
    ),
    navLabel: t('nav.label'),
    nav: consoleModules
      .filter((m) => isModuleVisible(m, user))
      .map((m) => ({ to: m.path === '' ? '/' : `/${m.path}`, label: t(m.titleKey), end: m.path === '' })),
    signedOutTo: `/signin?org=${encodeURIComponent(organisation.serviceCode)}`,
    banner: (
      <>
        {user.role === 'admin' && <BreakGlassBanner />}
        <NoticeBanner />
      </>
    ),
  };
}
