import { type FormEvent, useEffect, useRef, useState } from 'react';
import { type ApiError, asApiError, verifyTotp } from '../api';
import type { FormProblem } from '../form';
import { normaliseRecoveryCode, normaliseTotpCode } from '../format';
import { type MessageKey, useT } from '../i18n';
import { OneTimeCodeField } from './code-field';
import { FormAlert } from './form-alert';
import { SubmitButton } from './submit-button';

type Mode = 'totp' | 'recovery';

/**
 * The second sign-in step: a 6-digit code from the authenticator app, or (switchable) a
 * recovery code. Used by the organisation and the operator sign-in.
 */
export function TotpCodeForm({
  onSignedIn,
  onRestart,
  lostDeviceKey,
}: {
  onSignedIn: () => void;
  onRestart: () => void;
  lostDeviceKey: MessageKey;
}) {
  const t = useT();
  const [mode, setMode] = useState<Mode>('totp');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<FormProblem<'code'> | undefined>();
  const inputRef = useRef<HTMLInputElement>(null);

  // On arrival and on every switch between code kinds, the input takes focus.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the mode changes
  useEffect(() => {
    inputRef.current?.focus();
  }, [mode]);

  function fail(next: FormProblem<'code'>) {
    setProblem(next);
    inputRef.current?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const normalised = mode === 'totp' ? normaliseTotpCode(code) : normaliseRecoveryCode(code);
    if (!normalised) {
      fail({
        kind: 'validation',
        fields: { code: { key: mode === 'totp' ? 'signin.totpInvalid' : 'signin.recoveryInvalid' } },
      });
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await verifyTotp(normalised);
      onSignedIn();
    } catch (error) {
      const apiError: ApiError = asApiError(error);
      fail({ kind: 'api', error: apiError });
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  function switchMode() {
    setMode((m) => (m === 'totp' ? 'recovery' : 'totp'));
    setCode('');
    setProblem(undefined);
  }

  return (
    <>
      <FormAlert problem={problem} order={['code']} />
      <form onSubmit={submit} noValidate>
        <OneTimeCodeField
          key={mode}
          kind={mode}
          label={mode === 'totp' ? 'signin.totpCode' : 'signin.recoveryCode'}
          hint={mode === 'totp' ? 'signin.totpIntro' : 'signin.recoveryIntro'}
          problem={problem}
          inputRef={inputRef}
          code={[code, setCode]}
        />
        <div className="actions">
          <SubmitButton busy={busy} label={t('signin.totpSubmit')} busyLabel={t('signin.totpSubmitting')} />
        </div>
        <ul className="link-list">
          <li>
            <button type="button" className="button-link" onClick={switchMode}>
              {mode === 'totp' ? t('signin.useRecoveryCode') : t('signin.useTotpCode')}
            </button>
          </li>
          <li>
            <button type="button" className="button-link" onClick={onRestart}>
              {t('signin.restart')}
            </button>
          </li>
        </ul>
      </form>
      <p className="help-text">{t(lostDeviceKey)}</p>
    </>
  );
}
