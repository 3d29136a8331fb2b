import { useState } from 'preact/hooks';
import { api, type ConsoleSettings, type Schemas } from '../api';
import { dateOnly, dateTime } from '../format';
import { label, labels, t } from '../i18n';
import { nameOf, type Staff, useAction, useLoad, useStaff } from '../load';
import { Choices, ErrorNote, Field, Notice, ScreenTitle, Select } from '../ui';
import {
  CATEGORIES,
  type Category,
  type Operation,
  OPERATIONS,
  PD_ROLES,
  type Purpose,
  PURPOSES,
} from '../vocabulary';

type Order = Schemas['AccessOrderView'];
type Filter = 'IN_FORCE' | 'EXPIRING' | 'REVOKED' | 'ALL';
const EXPIRING_DAYS = 14;
const DAY_MS = 86_400_000;

/** A day typed as a date, read as Almaty's (UTC+5): the start, or the end, of that day. */
const almatyStart = (day: string): string => new Date(`${day}T00:00:00+05:00`).toISOString();
const almatyEnd = (day: string): string => new Date(`${day}T23:59:59+05:00`).toISOString();
const today = (): string => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);

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
              .map((member) => ({ value: member.id, label: member.fullName })),
          ]}
        />
        {person && <Effective key={`${person}-${effectiveTick}`} staffId={person} />}
      </section>
    </main>
  );
}

/** People holding an order in force or to come on each category, as the cap counts them. */
function holdersPerCategory(orders: Order[]): Record<Category, number> {
  const counts = {} as Record<Category, number>;
  for (const category of CATEGORIES) {
    const people = new Set(
      orders
        .filter(
          (order) =>
            order.holderKind === 'staff' &&
            (order.state === 'IN_FORCE' || order.state === 'FUTURE') &&
            order.categories.includes(category),
        )
        .map((order) => order.holderId),
    );
    counts[category] = people.size;
  }
  return counts;
}

function IssueOrder(props: {
  holders: Staff[];
  orders: Order[];
  cap: number;
  onDone: () => Promise<void>;
}) {
  const [employeeId, setEmployee] = useState('');
  const [number, setNumber] = useState('');
  const [issuedOn, setIssuedOn] = useState(today());
  const [basis, setBasis] = useState('');
  const [categories, setCategories] = useState<Category[]>([]);
  const [operations, setOperations] = useState<Operation[]>(['READ']);
  const [purposes, setPurposes] = useState<Purpose[]>([]);
  const [validFrom, setValidFrom] = useState(today());
  const [validUntil, setValidUntil] = useState('');
  const action = useAction();
  const counts = holdersPerCategory(props.orders);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await action.run(
      () =>
        api.POST('/api/v1/access-orders', {
          body: {
            employeeId,
            number,
            issuedOn,
            basis,
            categories,
            operations,
            purposes,
            validFrom: almatyStart(validFrom),
            validUntil: almatyEnd(validUntil),
          },
        }),
      (order) => t('access.issued', { number: order.number }),
      async () => {
        setNumber('');
        setBasis('');
        await props.onDone();
      },
    );
  };
  return (
    <section class="panel" aria-labelledby="issue-order">
      <h2 id="issue-order">{t('access.issue')}</h2>
      <form onSubmit={(event) => void submit(event)} data-testid="issue-order">
        <Select
          label={t('access.employee')}
          value={employeeId}
          onValue={setEmployee}
          required
          testId="order-employee"
          options={[
            { value: '', label: '—' },
            ...props.holders.map((member) => ({ value: member.id, label: member.fullName })),
          ]}
        />
        <p class="hint">{t('access.notSelf')}</p>
        <Field label={t('access.number')} required value={number} onValue={setNumber} />
        <Field
          label={t('access.issuedOn')}
          type="date"
          required
          value={issuedOn}
          onValue={setIssuedOn}
        />
        <Field label={t('access.basis')} required value={basis} onValue={setBasis} />
        <Choices
          legend={t('access.categories')}
          values={CATEGORIES}
          chosen={categories}
          onChange={setCategories}
          labelOf={label}
          noteOf={(category) => t('access.capNote', { held: counts[category], cap: props.cap })}
        />
        <Choices
          legend={t('access.operations')}
          values={OPERATIONS}
          chosen={operations}
          onChange={setOperations}
          labelOf={label}
        />
        <Choices
          legend={t('access.purposes')}
          values={PURPOSES}
          chosen={purposes}
          onChange={setPurposes}
          labelOf={label}
        />
        <Field
          label={t('access.validFrom')}
          type="date"
          required
          value={validFrom}
          onValue={setValidFrom}
        />
        <Field
          label={t('access.validUntil')}
          hint={t('access.validHint')}
          type="date"
          required
          value={validUntil}
          onValue={setValidUntil}
        />
        <ErrorNote error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" disabled={action.busy}>
          {t('access.issueSubmit')}
        </button>
      </form>
    </section>
  );
}

function matches(order: Order, filter: Filter): boolean {
  if (filter === 'ALL') return true;
  if (filter === 'REVOKED') return order.state === 'REVOKED';
  if (order.state !== 'IN_FORCE') return false;
  if (filter === 'IN_FORCE') return true;
  return new Date(order.validUntil).getTime() - Date.now() <= EXPIRING_DAYS * DAY_MS;
}

function Orders(props: {
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
        <form class="panel" onSubmit={(event) => void revoke(event)} data-testid="revoke">
          <h3>{t('access.revokeTitle', { number: revoking.number })}</h3>
          <Field
            label={t('access.reason')}
            required
            focusOnOpen
            value={reason}
            onValue={setReason}
          />
          <ErrorNote error={action.error} />
          <div class="actions">
            <button type="submit" disabled={action.busy}>
              {t('access.revokeSubmit')}
            </button>
            <button type="button" class="secondary" onClick={() => setRevoking(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
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
