import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { dateTime } from '../format';
import { label, t } from '../i18n';
import { nameOf, useAction, useLoad, useStaff } from '../load';
import { Deadline, ErrorNote, Notice, ReasonForm, ScreenTitle } from '../ui';

type Incident = Schemas['IncidentView'];

/**
 * Incidents: the open ones with the breach notice's deadline counting down (one working
 * day, P16) and the suspended account; lifting one takes a note.
 */
export function Incidents() {
  const staff = useStaff();
  const incidents = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/incidents', {
      params: { query: { status: 'OPEN', limit: 200 } },
    });
    return { data: data?.items, error };
  });
  const [lifting, setLifting] = useState<Incident | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction();
  const lift = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!lifting) return;
    await action.run(
      () =>
        api.POST('/api/v1/incidents/{id}/lift', {
          params: { path: { id: lifting.id } },
          body: { reason },
        }),
      () => t('incidents.lifted'),
      async () => {
        setLifting(null);
        setReason('');
        await incidents.reload();
      },
    );
  };
  const open = incidents.data ?? [];
  return (
    <main id="main">
      <ScreenTitle>{t('incidents.title')}</ScreenTitle>
      <ErrorNote error={incidents.error} />
      <Notice>{action.notice}</Notice>
      {open.length === 0 ? (
        <p data-testid="no-incidents">{t('incidents.none')}</p>
      ) : (
        <table data-testid="incidents">
          <thead>
            <tr>
              <th scope="col">{t('incidents.opened')}</th>
              <th scope="col">{t('incidents.account')}</th>
              <th scope="col">{t('incidents.rule')}</th>
              <th scope="col">{t('incidents.notice')}</th>
              <th scope="col">{t('people.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((incident) => (
              <tr key={incident.id}>
                <td>{dateTime(incident.openedAt)}</td>
                <td>
                  {incident.actorKind === 'staff'
                    ? nameOf(staff.data, incident.actorId)
                    : incident.actorId.slice(0, 8)}{' '}
                  ({label('SUSPENDED')})
                </td>
                <td>
                  {incident.rule}: {incident.description}
                </td>
                <td>
                  <Deadline due={incident.breachNoticeDueAt} />
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      action.clear();
                      setLifting(incident);
                    }}
                  >
                    {t('incidents.lift')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lifting && (
        <ReasonForm
          testId="lift"
          title={<h2>{t('incidents.liftTitle')}</h2>}
          label={t('incidents.note')}
          submitLabel={t('incidents.liftSubmit')}
          value={reason}
          onValue={setReason}
          onSubmit={(event) => void lift(event)}
          onCancel={() => setLifting(null)}
          busy={action.busy}
          error={action.error}
        />
      )}
    </main>
  );
}
