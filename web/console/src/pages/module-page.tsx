import { PageHeading } from '../components/page-heading';
import { useT } from '../i18n';
import { type ConsoleModule, isModuleVisible } from '../modules';
import { useSession } from '../session';

/** Placeholder for a module whose screens are not built yet. */
export function ModulePage({ module }: { module: ConsoleModule }) {
  const t = useT();
  const { user } = useSession();
  const title = t(module.titleKey);
  if (!isModuleVisible(module, user)) {
    return (
      <>
        <PageHeading title={title} />
        <p className="notice">{t(module.adminOnly ? 'common.adminOnly' : 'common.noAccess')}</p>
      </>
    );
  }
  return (
    <>
      <PageHeading title={title} />
      <p className="lead">{t(module.descriptionKey)}</p>
      <PreparingNotice />
    </>
  );
}

export function PreparingNotice() {
  const t = useT();
  return (
    <div className="notice">
      <p>
        <span className="badge">{t('common.preparingBadge')}</span> {t('common.preparing')}
      </p>
    </div>
  );
}
