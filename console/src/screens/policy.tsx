import { useState } from 'preact/hooks';
import { api } from '../api';
import { dateTime } from '../format';
import { type Key, t } from '../i18n';
import { useAction, useLoad } from '../load';
import { ErrorNote, Field, Notice, ScreenTitle } from '../ui';

const NOTICE_STATES: readonly [string, Key][] = [
  ['PENDING', 'policy.queued'],
  ['SENDING', 'policy.sending'],
  ['SENT', 'policy.sent'],
  ['FAILED', 'policy.failed'],
  ['SKIPPED', 'policy.skipped'],
];

/**
 * The privacy policy: publish a version (significant or not), how many subjects still
 * have to accept the newest, and the policy-change notices queued or failed (P20).
 */
export function Policy() {
  const versions = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/policy-versions', {
      params: { query: { limit: 20 } },
    });
    return { data: data?.items, error };
  });
  const newest = versions.data?.[0];
  const notices = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/outbox', {
      params: { query: { kind: 'POLICY_CHANGED', limit: 1 } },
    });
    return { data: data?.counts, error };
  });
  const changed = async (): Promise<void> => {
    await Promise.all([versions.reload(), notices.reload()]);
  };
  return (
    <main id="main">
      <ScreenTitle>{t('policy.title')}</ScreenTitle>
      <ErrorNote error={versions.error ?? notices.error} />
      <PublishPolicy onDone={changed} />
      <section aria-labelledby="policy-versions">
        <h2 id="policy-versions">{t('policy.versions')}</h2>
        {(versions.data ?? []).length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <table data-testid="policy-versions">
            <thead>
              <tr>
                <th scope="col">{t('policy.label')}</th>
                <th scope="col">{t('policy.effectiveAt')}</th>
                <th scope="col">{t('policy.significant')}</th>
                <th scope="col">{t('policy.publishedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {(versions.data ?? []).map((version) => (
                <tr key={version.id}>
                  <td>{version.label}</td>
                  <td>{dateTime(version.effectiveAt)}</td>
                  <td>{version.significant ? t('common.yes') : t('common.no')}</td>
                  <td>{dateTime(version.publishedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {newest && <Pending key={newest.id} versionId={newest.id} label={newest.label} />}
      <section aria-labelledby="policy-notices">
        <h2 id="policy-notices">{t('policy.notices')}</h2>
        <dl class="facts" data-testid="policy-notices">
          {NOTICE_STATES.flatMap(([status, key]) => [
            <dt key={`${status}-dt`}>{t(key)}</dt>,
            <dd key={`${status}-dd`}>{notices.data?.[status] ?? 0}</dd>,
          ])}
        </dl>
      </section>
    </main>
  );
}

function Pending({ versionId, label: name }: { versionId: string; label: string }) {
  const pending = useLoad(
    () =>
      api.GET('/api/v1/policy-versions/{id}/pending-acceptances', {
        params: { path: { id: versionId }, query: { limit: 1 } },
      }),
    [versionId],
  );
  return (
    <section aria-labelledby="policy-pending">
      <h2 id="policy-pending">{t('policy.pending', { label: name })}</h2>
      <ErrorNote error={pending.error} />
      <p data-testid="policy-pending">
        {pending.data ? t('policy.pendingCount', { n: pending.data.count }) : t('app.loading')}
      </p>
    </section>
  );
}

function PublishPolicy({ onDone }: { onDone: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [significant, setSignificant] = useState(false);
  const action = useAction();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await action.run(
      () => api.POST('/api/v1/policy-versions', { body: { label: name, text, significant } }),
      (published) =>
        published.significant
          ? t('policy.publishedSignificant', { n: published.noticesQueued })
          : t('policy.published'),
      async () => {
        setName('');
        setText('');
        await onDone();
      },
    );
  };
  return (
    <section class="panel" aria-labelledby="policy-publish">
      <h2 id="policy-publish">{t('policy.publish')}</h2>
      <form onSubmit={(event) => void submit(event)} data-testid="publish-policy">
        <Field label={t('policy.label')} required value={name} onValue={setName} />
        <div class="field">
          <label for="policy-text">{t('policy.text')}</label>
          <textarea
            id="policy-text"
            rows={6}
            required
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <label class="choice">
          <input
            type="checkbox"
            checked={significant}
            onChange={(event) => setSignificant(event.currentTarget.checked)}
          />
          {t('policy.significantChoice')}
        </label>
        <ErrorNote error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" disabled={action.busy}>
          {t('policy.publishSubmit')}
        </button>
      </form>
    </section>
  );
}
