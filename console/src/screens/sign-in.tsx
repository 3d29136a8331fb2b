import { useState } from 'preact/hooks';
import { api } from '../api';
import { t } from '../i18n';
import { ErrorNote, Field, Notice, ScreenTitle } from '../ui';

/** Staff password sign-in (POST /auth/staff/login); the token goes to memory only. */
export function SignIn(props: { notice: string | null; onToken: (token: string) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const { data, error } = await api.POST('/api/v1/auth/staff/login', {
      body: { email, password },
    });
    setBusy(false);
    setPassword('');
    if (data) props.onToken(data.accessToken);
    else setError(error ?? { code: 'NETWORK' });
  };

  return (
    <main id="main" class="narrow">
      <ScreenTitle>{t('signIn.title')}</ScreenTitle>
      <Notice>{props.notice}</Notice>
      <form onSubmit={(event) => void submit(event)} data-testid="sign-in">
        <Field
          label={t('signIn.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onValue={setEmail}
        />
        <Field
          label={t('signIn.password')}
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        <ErrorNote error={error} />
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <p>
        <a href="#/enrol">{t('signIn.enrolLink')}</a>
      </p>
    </main>
  );
}
