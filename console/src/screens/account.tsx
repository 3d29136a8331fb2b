import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { t } from '../i18n';
import { ErrorNote, Field, Notice, ScreenTitle } from '../ui';

/** One's own account, and the password change (PUT /staff/me/password). */
export function Account({ me }: { me: Schemas['StaffView'] }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setDone(false);
    const { error } = await api.PUT('/api/v1/staff/me/password', {
      body: { currentPassword, newPassword },
    });
    setCurrent('');
    setNew('');
    setError(error ?? null);
    setDone(!error);
  };

  return (
    <main id="main">
      <ScreenTitle>{t('account.title')}</ScreenTitle>
      <dl class="facts">
        <dt>{t('account.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('account.roles')}</dt>
        <dd>{me.roles.map((role) => t(`role.${role}`)).join(', ')}</dd>
      </dl>
      <h2>{t('account.changePassword')}</h2>
      <form onSubmit={(event) => void submit(event)} data-testid="password">
        <Field
          label={t('account.current')}
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onValue={setCurrent}
        />
        <Field
          label={t('account.new')}
          hint={t('enrol.passwordHint')}
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={newPassword}
          onValue={setNew}
        />
        <ErrorNote error={error} />
        <Notice>{done ? t('account.changed') : null}</Notice>
        <button type="submit">{t('account.submit')}</button>
      </form>
    </main>
  );
}
