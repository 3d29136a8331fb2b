import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { label, t } from '../i18n';
import { useAction } from '../load';
import { ErrorNote, Field, ResultTitle, ScreenTitle, Select } from '../ui';
import { CATEGORIES, FIELDS_BY_CATEGORY, type Purpose, PURPOSES } from '../vocabulary';

type View = Schemas['StaffSubjectView'];
type Pd = Schemas['PdView'];

function shown(value: Pd[keyof Pd]): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'object')
    return [value.type, value.number, value.issuer, value.issuedOn, value.expiresOn]
      .filter(Boolean)
      .join(', ');
  return String(value);
}

/**
 * A subject's data, read under the access rule: the reader states the purpose (and may
 * give a ticket) first; categories the orders do not cover come back withheld and are
 * shown as withheld, never as empty. Nothing read is kept once the screen closes.
 */
export function Subject() {
  const [subjectId, setSubjectId] = useState('');
  const [purpose, setPurpose] = useState<'' | Purpose>('');
  const [reason, setReason] = useState('');
  const [view, setView] = useState<View | null>(null);
  const action = useAction();

  const read = async (event: Event): Promise<void> => {
    event.preventDefault();
    setView(null);
    if (!purpose) return;
    await action.run(
      () =>
        api.GET('/api/v1/subjects/{id}', {
          params: {
            path: { id: subjectId.trim() },
            header: {
              'X-Access-Purpose': purpose,
              ...(reason ? { 'X-Access-Reason': reason } : {}),
            },
          },
        }),
      (subject) => {
        setView(subject);
        return null;
      },
    );
  };

  return (
    <main id="main">
      <ScreenTitle>{t('subject.title')}</ScreenTitle>
      <form onSubmit={(event) => void read(event)} data-testid="subject-read">
        <Field
          label={t('subject.id')}
          required
          spellcheck={false}
          value={subjectId}
          onValue={setSubjectId}
        />
        <Select
          label={t('subject.purpose')}
          value={purpose}
          onValue={(value) => setPurpose(value as '' | Purpose)}
          required
          options={[
            { value: '', label: t('subject.choosePurpose') },
            ...PURPOSES.map((item) => ({ value: item, label: label(item) })),
          ]}
        />
        <Field
          label={t('subject.reason')}
          hint={t('subject.reasonHint')}
          pattern="[ -~]*"
          maxLength={200}
          value={reason}
          onValue={setReason}
        />
        <ErrorNote error={action.error} />
        <button type="submit" disabled={action.busy}>
          {t('subject.read')}
        </button>
      </form>
      {view && (
        <section class="panel" aria-labelledby="subject-data" data-testid="subject-data">
          <ResultTitle id="subject-data">{t('subject.data')}</ResultTitle>
          <p>
            {t('subject.state')}: {label(view.contractState)}
            {view.blocked && ` · ${t('subject.blocked')}`}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('access.category')}</th>
                <th scope="col">{t('subject.values')}</th>
              </tr>
            </thead>
            <tbody>
              {CATEGORIES.filter((category) => FIELDS_BY_CATEGORY[category].length > 0).map(
                (category) => (
                  <tr key={category} data-testid={`category-${category}`}>
                    <th scope="row">{label(category)}</th>
                    <td>
                      {view.withheld.includes(category) ? (
                        <span class="withheld">{t('common.withheld')}</span>
                      ) : (
                        <span data-value>
                          {FIELDS_BY_CATEGORY[category]
                            .map((field) => shown(view.pd[field]))
                            .filter((value) => value !== '—')
                            .join(' · ') || '—'}
                        </span>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
