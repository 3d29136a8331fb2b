import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { dateTime } from '../format';
import { label, labels, t } from '../i18n';
import { useAction } from '../load';
import { ErrorNote, Field, ScreenTitle, Select } from '../ui';

type Entry = Schemas['AuditEntryView'];
type Action = Entry['action'];
type Outcome = Entry['outcome'];

const ACTIONS: readonly Action[] = [
  'SUBJECT_READ',
  'SUBJECT_SEARCH',
  'SUBJECT_UPDATE',
  'SIGN_IN',
  'STAFF_CREATE',
  'STAFF_ENROL',
  'ROLE_CHANGE_PROPOSE',
  'ROLE_CHANGE_APPROVE',
  'PLEDGE_PUBLISH',
  'PLEDGE_SIGN',
  'ORDER_ISSUE',
  'ORDER_REVOKE',
  'DATA_REQUEST_FILE',
  'DATA_REQUEST_ASSIGN',
  'DATA_REQUEST_COMPLETE',
  'DATA_REQUEST_REJECT',
  'INCIDENT_OPEN',
  'INCIDENT_LIFT',
  'PD_TRANSFER',
  'SUBJECT_EXPORT',
];

/** A typed `datetime-local` value, read as Almaty time. */
const almaty = (local: string): string | undefined =>
  local ? new Date(`${local}:00+05:00`).toISOString() : undefined;

/**
 * Audit: the trail filtered by actor, subject, outcome, action and time, and the check of
 * its hash chains: the result, how many lanes and entries it walked, the first bad entry.
 */
export function Audit() {
  const [actorId, setActor] = useState('');
  const [subjectId, setSubject] = useState('');
  const [outcome, setOutcome] = useState<'' | Outcome>('');
  const [action, setAction] = useState<'' | Action>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [report, setReport] = useState<Schemas['VerifyReportView'] | null>(null);
  const search = useAction();
  const verify = useAction();

  const find = async (event: Event): Promise<void> => {
    event.preventDefault();
    await search.run(
      () =>
        api.GET('/api/v1/audit', {
          params: {
            query: {
              limit: 100,
              ...(actorId ? { actorId: actorId.trim() } : {}),
              ...(subjectId ? { subjectId: subjectId.trim() } : {}),
              ...(outcome ? { outcome } : {}),
              ...(action ? { action } : {}),
              ...(from ? { from: almaty(from) } : {}),
              ...(to ? { to: almaty(to) } : {}),
            },
          },
        }),
      (page) => {
        setEntries(page.items);
        return t('audit.found', { n: page.items.length });
      },
    );
  };

  const check = async (): Promise<void> => {
    setReport(null);
    await verify.run(
      () => api.GET('/api/v1/audit/verify'),
      (result) => {
        setReport(result);
        return null;
      },
    );
  };

  return (
    <main id="main">
      <ScreenTitle>{t('audit.title')}</ScreenTitle>
      <section class="panel" aria-labelledby="verify">
        <h2 id="verify">{t('audit.verifyTitle')}</h2>
        <button type="button" onClick={() => void check()} disabled={verify.busy}>
          {verify.busy ? t('audit.verifying') : t('audit.verify')}
        </button>
        <ErrorNote error={verify.error} />
        {report && (
          <div role="status" data-testid="verify-result">
            <p class={report.ok ? 'notice' : 'error'}>
              <strong>{report.ok ? t('audit.ok') : t('audit.broken')}</strong>{' '}
              {t('audit.walked', {
                chains: report.chains,
                entries: report.entries,
                ms: Math.round(report.durationMs),
              })}
            </p>
            {report.firstBad && (
              <dl class="facts" data-testid="first-bad">
                <dt>{t('audit.problem')}</dt>
                <dd>{report.firstBad.problem}</dd>
                <dt>{t('audit.lane')}</dt>
                <dd class="code">
                  {report.firstBad.chainId} #{report.firstBad.seq}
                </dd>
                <dt>{t('audit.entry')}</dt>
                <dd class="code">{report.firstBad.entryId ?? '—'}</dd>
                <dt>{t('audit.when')}</dt>
                <dd>{dateTime(report.firstBad.at)}</dd>
                <dt>{t('audit.detail')}</dt>
                <dd>{report.firstBad.detail}</dd>
              </dl>
            )}
          </div>
        )}
      </section>
      <section aria-labelledby="trail">
        <h2 id="trail">{t('audit.trail')}</h2>
        <form onSubmit={(event) => void find(event)} data-testid="audit-filters">
          <Field label={t('audit.actor')} value={actorId} onValue={setActor} />
          <Field label={t('audit.subject')} value={subjectId} onValue={setSubject} />
          <Select
            label={t('audit.outcome')}
            value={outcome}
            onValue={(value) => setOutcome(value as '' | Outcome)}
            options={[
              { value: '', label: t('common.all') },
              { value: 'ALLOWED', label: label('ALLOWED') },
              { value: 'DENIED', label: label('DENIED') },
            ]}
          />
          <Select
            label={t('audit.action')}
            value={action}
            onValue={(value) => setAction(value as '' | Action)}
            options={[
              { value: '', label: t('common.all') },
              ...ACTIONS.map((item) => ({ value: item, label: item })),
            ]}
          />
          <Field label={t('audit.from')} type="datetime-local" value={from} onValue={setFrom} />
          <Field label={t('audit.to')} type="datetime-local" value={to} onValue={setTo} />
          <button type="submit" disabled={search.busy}>
            {t('audit.search')}
          </button>
        </form>
        <ErrorNote error={search.error} />
        {entries && (
          <table data-testid="audit-entries">
            <caption>{search.notice}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.outcome')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.what')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{dateTime(entry.at)}</td>
                  <td>{entry.action}</td>
                  <td>
                    {label(entry.outcome)}
                    {entry.code && <span class="code"> {entry.code}</span>}
                  </td>
                  <td class="code">
                    {entry.actorKind} {entry.actorId?.slice(0, 8) ?? ''}
                  </td>
                  <td class="code">{entry.subjectId?.slice(0, 8) ?? '—'}</td>
                  <td>
                    {labels(entry.categories)}
                    {entry.purpose && ` · ${label(entry.purpose)}`}
                    {entry.reason && ` · ${entry.reason}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}
