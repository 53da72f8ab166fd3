import { type FormEvent, useId, useRef, useState } from 'react';
import { type ApiError, asApiError, confirmTotpEnrolment, fetchTotpEnrolment } from '../api';
import type { FormProblem } from '../form';
import { groupSecret, normaliseTotpCode, svgDataUri } from '../format';
import { useLoad } from '../hooks';
import { useT } from '../i18n';
import { OneTimeCodeField } from './code-field';
import { AlertedForm } from './form-alert';
import { LoadView } from './load-state';
import { RecoveryCodes } from './recovery-codes';

/**
 * Two-factor enrolment: QR code and setup key, a first code to prove the app works, then the
 * recovery codes (shown once, "I have saved them" before continuing). The caller supplies the
 * page heading; the steps here are h2.
 */
export function TotpEnrolmentSteps({
  onDone,
  account,
  onError,
  headingLevel = 2,
}: {
  onDone: () => void;
  /** Level of the step headings in the page outline. */
  headingLevel?: 2 | 3 | 4;
  account?: string | undefined;
  /** Lets the caller react to errors (e.g. a 401 sends the user to sign-in). */
  onError?: (error: unknown) => ApiError;
}) {
  const t = useT();
  const id = useId();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | undefined>();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem<'code'> | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);
  const toApiError = onError ?? asApiError;
  const load = useLoad(fetchTotpEnrolment, [], toApiError);
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const normalised = normaliseTotpCode(code);
    if (!normalised) {
      setProblem({ kind: 'validation', fields: { code: { key: 'signin.totpInvalid' } } });
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const answer = await confirmTotpEnrolment(normalised);
      setRecoveryCodes(answer.recoveryCodes ?? []);
    } catch (error) {
      setProblem({ kind: 'api', error: toApiError(error) });
      setCode('');
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  if (recoveryCodes) {
    return (
      <RecoveryCodes
        codes={recoveryCodes}
        account={account}
        onContinue={onDone}
        headingLevel={headingLevel}
      />
    );
  }

  return (
    <LoadView load={load} failedMessage={t('totp.loadFailed')}>
      {(enrolment) => (
        <div className="enrolment">
          <p>{t('totp.enrolIntro')}</p>
          <section aria-labelledby={`${id}-s1`}>
            <Heading id={`${id}-s1`}>{t('totp.step1Title')}</Heading>
            <p>{t('totp.step1Body')}</p>
          </section>
          <section aria-labelledby={`${id}-s2`}>
            <Heading id={`${id}-s2`}>{t('totp.step2Title')}</Heading>
            <p>{t('totp.step2Body')}</p>
            <img
              className="qr-code"
              src={svgDataUri(enrolment.qrSvg)}
              alt={t('totp.qrAlt')}
              width={200}
              height={200}
            />
            <p id={`${id}-manual`}>{t('totp.manualKey')}</p>
            <dl className="facts">
              <div>
                <dt>{t('totp.secretLabel')}</dt>
                <dd>
                  <code className="secret">{groupSecret(enrolment.secret)}</code>
                </dd>
              </div>
            </dl>
            {enrolment.otpauthUri.startsWith('otpauth://') && (
              <p>
                <a href={enrolment.otpauthUri}>{t('totp.openInApp')}</a>
              </p>
            )}
          </section>
          <section aria-labelledby={`${id}-s3`}>
            <Heading id={`${id}-s3`}>{t('totp.step3Title')}</Heading>
            <AlertedForm
              status={{ busy, problem }}
              order={['code']}
              onSubmit={submit}
              labels={['totp.confirm', 'totp.confirming']}
            >
              <OneTimeCodeField
                label="signin.totpCode"
                hint="totp.step3Body"
                problem={problem}
                inputRef={inputRef}
                code={[code, setCode]}
              />
            </AlertedForm>
          </section>
        </div>
      )}
    </LoadView>
  );
}
