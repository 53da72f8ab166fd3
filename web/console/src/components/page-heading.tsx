import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';
import { useAppName } from '../app-variant';

// The first page of a visit keeps the browser's focus at the top (skip link first);
// after an in-app navigation focus moves to the new page's heading so screen readers announce it.
let firstPageShown = false;

/** The page's h1, and the lead paragraph under it when given; also sets document.title. */
export function PageHeading({
  children,
  title,
  lead,
}: {
  children?: ReactNode;
  title: string;
  lead?: ReactNode;
}) {
  const appName = useAppName();
  const ref = useRef<HTMLHeadingElement>(null);
  const { pathname } = useLocation();

  useEffect(() => {
    document.title = `${title} | ${appName}`;
  }, [title, appName]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change by design
  useEffect(() => {
    if (firstPageShown) ref.current?.focus();
    firstPageShown = true;
  }, [pathname]);

  const heading = (
    <h1 id="page-title" ref={ref} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
  if (lead === undefined) return heading;
  return (
    <>
      {heading}
      <p className="lead">{lead}</p>
    </>
  );
}

/**
 * The panel of the signed-out pages (sign-in, password reset, invitation) with its heading:
 * narrow for a form, `wide` for the two-factor enrolment and the invitation's facts.
 */
export function SignInPanel({
  title,
  wide,
  children,
}: {
  title: string;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? 'panel panel-wide' : 'panel signin-panel'}>
      <PageHeading title={title} />
      {children}
    </div>
  );
}
