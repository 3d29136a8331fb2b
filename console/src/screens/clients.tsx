import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { dateOnly, dateTime } from '../format';
import { label, labels, t } from '../i18n';
import { useAction, useLoad } from '../load';
import { Choices, ErrorNote, Field, Notice } from '../ui';
import { SCOPES, type Scope } from '../vocabulary';

type Order = Schemas['AccessOrderView'];

/**
 * The service clients (administrator): their scopes and state, and a new client with its
 * secret shown once. A client's PD grants are orders a compliance officer issues; the API
 * shows orders to officers and auditors only, so the administrator is told where they are.
 */
export function Clients() {
  const clients = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/clients', {
      params: { query: { limit: 200 } },
    });
    return { data: data?.items, error };
  });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const action = useAction();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    setSecret(null);
    await action.run(
      () => api.POST('/api/v1/clients', { body: { name, scopes } }),
      (created) => {
        setSecret(created.clientSecret);
        return t('people.clientCreated', { id: created.id });
      },
      async () => {
        setName('');
        await clients.reload();
      },
    );
  };
  return (
    <section aria-labelledby="clients">
      <h2 id="clients">{t('people.clients')}</h2>
      <table data-testid="clients">
        <thead>
          <tr>
            <th scope="col">{t('people.clientName')}</th>
            <th scope="col">{t('people.scopes')}</th>
            <th scope="col">{t('people.grants')}</th>
            <th scope="col">{t('people.state')}</th>
          </tr>
        </thead>
        <tbody>
          {(clients.data ?? []).map((client) => (
            <tr key={client.id} data-testid={`client-${client.id}`}>
              <td>
                <span data-value>{client.name}</span>{' '}
                <code class="note">{client.id.slice(0, 8)}</code>
              </td>
              <td>{client.scopes.join(', ') || '—'}</td>
              <td>{client.paused ? t('people.grantsPaused') : t('people.grantsOfficer')}</td>
              <td>
                {client.paused
                  ? t('people.clientPaused')
                  : client.active
                    ? t('people.activeState')
                    : t('people.inactive')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorNote error={clients.error} />
      <form onSubmit={(event) => void submit(event)} class="panel" data-testid="create-client">
        <h3>{t('people.createClient')}</h3>
        <Field label={t('people.clientName')} required value={name} onValue={setName} />
        <Choices legend={t('people.scopes')} values={SCOPES} chosen={scopes} onChange={setScopes} />
        <ErrorNote error={action.error} />
        <Notice>{action.notice}</Notice>
        {secret && (
          <p class="notice">
            {t('people.secretOnce')} <code data-testid="client-secret">{secret}</code>
          </p>
        )}
        <button type="submit" disabled={action.busy}>
          {t('people.createClientSubmit')}
        </button>
      </form>
    </section>
  );
}

/**
 * The service clients' PD grants (compliance officer, read-only here): each client's orders
 * in force or to come, with categories, operations, purposes and validity. The API names a
 * client by its id only to an officer (the client list is the administrator's).
 */
export function ClientGrants() {
  const grants = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/access-orders', {
      params: { query: { limit: 200 } },
    });
    const live = (order: Order): boolean =>
      order.holderKind === 'client' && (order.state === 'IN_FORCE' || order.state === 'FUTURE');
    return { data: data?.items.filter(live), error };
  });
  const shown = grants.data ?? [];
  return (
    <section aria-labelledby="client-grants">
      <h2 id="client-grants">{t('people.clientGrants')}</h2>
      <ErrorNote error={grants.error} />
      {shown.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table data-testid="client-grants">
          <thead>
            <tr>
              <th scope="col">{t('people.client')}</th>
              <th scope="col">{t('access.number')}</th>
              <th scope="col">{t('access.categories')}</th>
              <th scope="col">{t('access.operations')}</th>
              <th scope="col">{t('access.purposes')}</th>
              <th scope="col">{t('access.validity')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((order) => (
              <tr key={order.id} data-testid={`client-grant-${order.number}`}>
                <td>
                  <code>{order.holderId.slice(0, 8)}</code>
                </td>
                <td data-value>{order.number}</td>
                <td>{labels(order.categories)}</td>
                <td>{labels(order.operations)}</td>
                <td>{labels(order.purposes)}</td>
                <td>
                  {dateOnly(order.validFrom)} – {dateTime(order.validUntil)} ({label(order.state)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
