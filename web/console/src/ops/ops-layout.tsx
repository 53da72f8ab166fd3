import { fetchOperatorMe, type OperatorMe } from '../api';
import { type TFunction, useT } from '../i18n';
import { type SignedInFrame, SignedInLayout } from '../layouts/signed-in-layout';
import { OperatorContext } from './operator-session';

/** Signed-in frame of the operator console (運営管理コンソール), served under /ops. */
export function OpsLayout() {
  return <SignedInLayout frame={opsFrame(useT())} />;
}

function opsFrame(t: TFunction): SignedInFrame<OperatorMe> {
  return {
    loadMe: fetchOperatorMe,
    provide: (me, _refresh, children) => (
      <OperatorContext.Provider value={me}>{children}</OperatorContext.Provider>
    ),
    shell: (me) => ({
      variant: 'ops',
      facts: (
        <dl className="header-facts">
          <div>
            <dt className="visually-hidden">{t('ops.header.operator')}</dt>
            <dd>{me.operator.name}</dd>
          </div>
        </dl>
      ),
      navLabel: t('ops.nav.label'),
      nav: [
        { to: '/', label: t('ops.orgs.title'), end: true },
        { to: '/organisations/new', label: t('ops.new.title') },
        { to: '/system', label: t('ops.system.title') },
        { to: '/quarantine', label: t('ops.quarantine.title') },
        { to: '/notices', label: t('ops.notices.title') },
        { to: '/incidents', label: t('ops.incidents.title') },
        // Shown to the operators holding the right the page needs.
        ...(me.operator.rights.includes('ops:capacity')
          ? [{ to: '/capacity', label: t('ops.capacity.title') }]
          : []),
        ...(me.operator.rights.includes('ops:review')
          ? [{ to: '/work-log', label: t('ops.worklog.title') }]
          : []),
        ...(me.operator.rights.includes('ops:operators')
          ? [{ to: '/operators', label: t('ops.operators.title') }]
          : []),
      ],
      signedOutTo: '/signin',
    }),
  };
}
