import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { dateOnly, dateTime } from '../format';
import { label, labels, t } from '../i18n';
import { nameOf, type Staff, useAction } from '../load';
import { Notice, ReasonForm, Select } from '../ui';

type Order = Schemas['AccessOrderView'];
type Filter = 'IN_FORCE' | 'EXPIRING' | 'REVOKED' | 'ALL';
const EXPIRING_DAYS = 14;
const DAY_MS = 86_400_000;

function matches(order: Order, filter: Filter): boolean {
  if (filter === 'ALL') return true;
  if (filter === 'REVOKED') return order.state === 'REVOKED';
  if (order.state !== 'IN_FORCE') return false;
  if (filter === 'IN_FORCE') return true;
  return new Date(order.validUntil).getTime() - Date.now() <= EXPIRING_DAYS * DAY_MS;
}

export function Orders(props: {
  orders: Order[];
  staff: Staff[] | undefined;
  onDone: () => Promise<void>;
}) {
  const [filter, setFilter] = useState<Filter>('IN_FORCE');
  const [revoking, setRevoking] = useState<Order | null>(null);
  const [reason, setReason] = useState('');
  const action = useAction();
  const shown = props.orders.filter((order) => matches(order, filter));
  const revoke = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!revoking) return;
    await action.run(
      () =>
        api.POST('/api/v1/access-orders/{id}/revoke', {
          params: { path: { id: revoking.id } },
          body: { reason },
        }),
      (order) => t('access.revoked', { number: order.number }),
      async () => {
        setRevoking(null);
        setReason('');
        await props.onDone();
      },
    );
  };
  return (
    <section aria-labelledby="orders">
      <h2 id="orders">{t('access.orders')}</h2>
      <Select
        label={t('access.filter')}
        value={filter}
        onValue={(value) => setFilter(value as Filter)}
        testId="orders-filter"
        options={[
          { value: 'IN_FORCE', label: t('access.filterInForce') },
          { value: 'EXPIRING', label: t('access.filterExpiring', { days: EXPIRING_DAYS }) },
          { value: 'REVOKED', label: t('access.filterRevoked') },
          { value: 'ALL', label: t('common.all') },
        ]}
      />
      <Notice>{action.notice}</Notice>
      {shown.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table data-testid="orders">
          <thead>
            <tr>
              <th scope="col">{t('access.number')}</th>
              <th scope="col">{t('access.holder')}</th>
              <th scope="col">{t('access.categories')}</th>
              <th scope="col">{t('access.validity')}</th>
              <th scope="col">{t('people.state')}</th>
              <th scope="col">{t('people.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((order) => (
              <tr key={order.id} data-testid={`order-${order.number}`}>
                <td>{order.number}</td>
                <td>
                  {order.holderKind === 'client'
                    ? t('access.clientHolder', { id: order.holderId.slice(0, 8) })
                    : nameOf(props.staff, order.holderId)}
                </td>
                <td>
                  {labels(order.categories)}; {labels(order.operations)}; {labels(order.purposes)}
                </td>
                <td>
                  {dateOnly(order.validFrom)} – {dateTime(order.validUntil)}
                </td>
                <td>
                  {label(order.state)}
                  {order.revocationReason && (
                    <span class="note">
                      {' '}
                      ({order.revocationReason}, {dateTime(order.revokedAt)})
                    </span>
                  )}
                </td>
                <td>
                  {(order.state === 'IN_FORCE' || order.state === 'FUTURE') && (
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => {
                        action.clear();
                        setRevoking(order);
                      }}
                    >
                      {t('access.revoke', { number: order.number })}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <ReasonForm
          testId="revoke"
          title={<h3>{t('access.revokeTitle', { number: revoking.number })}</h3>}
          label={t('access.reason')}
          submitLabel={t('access.revokeSubmit')}
          value={reason}
          onValue={setReason}
          onSubmit={(event) => void revoke(event)}
          onCancel={() => setRevoking(null)}
          busy={action.busy}
          error={action.error}
        />
      )}
    </section>
  );
}
