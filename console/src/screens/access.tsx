import { useState } from 'preact/hooks';
import { api, type ConsoleSettings } from '../api';
import { dateTime } from '../format';
import { label, labels, t } from '../i18n';
import { type Staff, useLoad, useStaff } from '../load';
import { ErrorNote, ScreenTitle, Select } from '../ui';
import { PD_ROLES } from '../vocabulary';
import { IssueOrder } from './access-issue';
import { Orders } from './access-orders';

/**
 * Access: the compliance officer issues orders (the cap per category shown before
 * submitting), lists and revokes them, and sees each person's effective access. An
 * officer is never offered as the holder of their own order (four eyes, P9).
 */
export function Access({ me, settings }: { me: Staff; settings: ConsoleSettings }) {
  const staff = useStaff();
  const orders = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/access-orders', {
      params: { query: { limit: 200 } },
    });
    return { data: data?.items, error };
  });
  const [person, setPerson] = useState('');
  const [effectiveTick, setEffectiveTick] = useState(0);
  const changed = async (): Promise<void> => {
    await orders.reload();
    setEffectiveTick((n) => n + 1);
  };
  const holders = (staff.data ?? []).filter(
    (member) =>
      member.id !== me.id && member.active && member.roles.some((r) => PD_ROLES.includes(r)),
  );
  return (
    <main id="main">
      <ScreenTitle>{t('access.title')}</ScreenTitle>
      <ErrorNote error={staff.error ?? orders.error} />
      <IssueOrder
        holders={holders}
        orders={orders.data ?? []}
        cap={settings.orderCapPerCategory}
        onDone={changed}
      />
      <Orders orders={orders.data ?? []} staff={staff.data} onDone={changed} />
      <section class="panel" aria-labelledby="effective">
        <h2 id="effective">{t('access.effective')}</h2>
        <Select
          label={t('people.person')}
          value={person}
          onValue={setPerson}
          testId="effective-person"
          options={[
            { value: '', label: '—' },
            ...(staff.data ?? [])
              .filter((member) => member.roles.some((r) => PD_ROLES.includes(r)))
              .map((member) => ({ value: member.id, label: member.fullName, data: true })),
          ]}
        />
        {person && <Effective key={`${person}-${effectiveTick}`} staffId={person} />}
      </section>
    </main>
  );
}

function Effective({ staffId }: { staffId: string }) {
  const effective = useLoad(
    () => api.GET('/api/v1/staff/{id}/effective-access', { params: { path: { id: staffId } } }),
    [staffId],
  );
  const view = effective.data;
  if (effective.error) return <ErrorNote error={effective.error} />;
  if (!view) return <p>{t('app.loading')}</p>;
  return (
    <div data-testid="effective-access">
      <p>
        {t('access.pledge')}: {view.pledge.signed ? t('common.yes') : t('common.no')}
        {view.paused && ` · ${label('PAUSED')}`}
        {view.suspended && ` · ${label('SUSPENDED')}`}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('access.category')}</th>
            <th scope="col">{t('access.mayNow')}</th>
            <th scope="col">{t('access.because')}</th>
          </tr>
        </thead>
        <tbody>
          {view.categories.map((row) => (
            <tr key={row.category} data-testid={`effective-${row.category}`}>
              <th scope="row">{label(row.category)}</th>
              <td>
                {row.grants.length === 0
                  ? '—'
                  : row.grants
                      .map((grant) => `${labels(grant.operations)} (${labels(grant.purposes)})`)
                      .join('; ')}
              </td>
              <td>
                {row.denied
                  ? label(row.denied)
                  : row.grants
                      .map((grant) =>
                        t('access.byOrder', {
                          number: grant.number,
                          until: dateTime(grant.validUntil),
                        }),
                      )
                      .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
