import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { label, t } from '../i18n';
import { type Staff, useAction } from '../load';
import { Choices, ErrorNote, Field, Notice, Select } from '../ui';
import {
  CATEGORIES,
  type Category,
  type Operation,
  OPERATIONS,
  type Purpose,
  PURPOSES,
} from '../vocabulary';

type Order = Schemas['AccessOrderView'];

/** A day typed as a date, read as Almaty's (UTC+5): the start, or the end, of that day. */
const almatyStart = (day: string): string => new Date(`${day}T00:00:00+05:00`).toISOString();
const almatyEnd = (day: string): string => new Date(`${day}T23:59:59+05:00`).toISOString();
const today = (): string => new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);

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

export function IssueOrder(props: {
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
            ...props.holders.map((member) => ({
              value: member.id,
              label: member.fullName,
              data: true,
            })),
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
