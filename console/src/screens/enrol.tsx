import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote, Field, ScreenTitle } from '../ui';

/**
 * First sign-in with the one-time token from the enrolment email (POST /auth/staff/enrol):
 * the person sets their own password and is signed in. The token is typed, never put in
 * the URL.
 */
export function Enrol(props: { onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const { data, error } = await api.POST('/api/v1/auth/staff/enrol', {
      body: { token: token.trim(), password },
    });
    setBusy(false);
    if (data) {
      setToken('');
      setPassword('');
      props.onToken(data.accessToken);
    } else setError(error ?? { code: 'NETWORK' });
  };

  return (
    <main id="main" class="narrow">
      <ScreenTitle>{t('enrol.title')}</ScreenTitle>
      <p>{t('enrol.hint')}</p>
      <form onSubmit={(event) => void submit(event)} data-testid="enrol">
        <Field
          label={t('enrol.token')}
          autoComplete="one-time-code"
          spellcheck={false}
          required
          value={token}
          onValue={setToken}
        />
        <Field
          label={t('enrol.password')}
          hint={t('enrol.passwordHint')}
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={password}
          onValue={setPassword}
        />
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          {t('enrol.submit')}
        </button>
      </form>
      <p>
        <a href="#/sign-in">{t('enrol.back')}</a>
      </p>
    </main>
  );
}
