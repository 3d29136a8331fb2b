import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { dateOnly, dateTime } from '../format';
import { labels, t } from '../i18n';
import { useAction, useLoad } from '../load';
import { ErrorNote, Field, Notice, ScreenTitle, Select } from '../ui';

type Medium = Schemas['MediumView'];
type MediumStatus = Medium['status'];
type Method = Schemas['DestroyDto']['method'];
const METHODS: readonly Method[] = ['DELETED', 'WIPED', 'SHREDDED', 'KEY_DESTROYED', 'RETURNED'];

/**
 * Third parties and countries (P13, P14): who receives PD under which agreement, and the
 * decision on each country's protection of PD, which the officer records here.
 */
export function ThirdParties() {
  const parties = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/third-parties', {
      params: { query: { limit: 200 } },
    });
    return { data: data?.items, error };
  });
  const countries = useLoad(() => api.GET('/api/v1/countries'));
  return (
    <main id="main">
      <ScreenTitle>{t('registers.partiesTitle')}</ScreenTitle>
      <ErrorNote error={parties.error ?? countries.error} />
      <section aria-labelledby="parties">
        <h2 id="parties">{t('registers.parties')}</h2>
        {(parties.data ?? []).length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <table data-testid="third-parties">
            <thead>
              <tr>
                <th scope="col">{t('registers.name')}</th>
                <th scope="col">{t('registers.country')}</th>
                <th scope="col">{t('registers.agreement')}</th>
                <th scope="col">{t('access.categories')}</th>
                <th scope="col">{t('people.state')}</th>
              </tr>
            </thead>
            <tbody>
              {(parties.data ?? []).map((party) => (
                <tr key={party.id}>
                  <td>
                    {party.name} ({party.role})
                  </td>
                  <td>{party.country}</td>
                  <td>
                    {party.agreement
                      ? `${party.agreement.number}, ${dateOnly(party.agreement.validUntil)}${party.agreement.confidentiality ? '' : ` · ${t('registers.noNda')}`}`
                      : '—'}
                  </td>
                  <td>{labels(party.categories)}</td>
                  <td>{party.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <Countries countries={countries.data ?? []} onDone={countries.reload} />
    </main>
  );
}

function Countries(props: { countries: Schemas['CountryView'][]; onDone: () => Promise<void> }) {
  const [code, setCode] = useState('');
  const [protects, setProtects] = useState('true');
  const [reason, setReason] = useState('');
  const [decidedOn, setDecidedOn] = useState(new Date().toISOString().slice(0, 10));
  const action = useAction();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await action.run(
      () =>
        api.PUT('/api/v1/countries/{code}', {
          params: { path: { code: code.trim().toUpperCase() } },
          body: { protectsPd: protects === 'true', reason, decidedOn },
        }),
      (country) => t('registers.decided', { code: country.code }),
      async () => {
        setReason('');
        await props.onDone();
      },
    );
  };
  return (
    <section aria-labelledby="countries">
      <h2 id="countries">{t('registers.countries')}</h2>
      <table data-testid="countries">
        <thead>
          <tr>
            <th scope="col">{t('registers.country')}</th>
            <th scope="col">{t('registers.protects')}</th>
            <th scope="col">{t('registers.reason')}</th>
            <th scope="col">{t('registers.decidedOn')}</th>
          </tr>
        </thead>
        <tbody>
          {props.countries.map((country) => (
            <tr key={country.code}>
              <td>{country.code}</td>
              <td>{country.protectsPd ? t('common.yes') : t('common.no')}</td>
              <td>{country.reason}</td>
              <td>{dateOnly(country.decidedOn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="panel" onSubmit={(event) => void submit(event)} data-testid="country-decision">
        <h3>{t('registers.decide')}</h3>
        <Field
          label={t('registers.code')}
          required
          pattern="[A-Za-z]{2}"
          maxLength={2}
          value={code}
          onValue={setCode}
        />
        <Select
          label={t('registers.protects')}
          value={protects}
          onValue={setProtects}
          options={[
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ]}
        />
        <Field label={t('registers.reason')} required value={reason} onValue={setReason} />
        <Field
          label={t('registers.decidedOn')}
          type="date"
          required
          value={decidedOn}
          onValue={setDecidedOn}
        />
        <ErrorNote error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" disabled={action.busy}>
          {t('registers.decideSubmit')}
        </button>
      </form>
    </section>
  );
}

/**
 * The media register (P11.3, P11.5): every export, report and backup that left the
 * database, overdue ones first, and its destruction recorded with the method.
 */
export function Media({ officer }: { officer: boolean }) {
  const [status, setStatus] = useState<MediumStatus>('active');
  const media = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/media', {
      params: { query: { status, limit: 200 } },
    });
    return { data: data?.items, error };
  }, [status]);
  const [destroying, setDestroying] = useState<Medium | null>(null);
  const [method, setMethod] = useState<Method>('DELETED');
  const [note, setNote] = useState('');
  const action = useAction();
  const destroy = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (!destroying) return;
    await action.run(
      () =>
        api.POST('/api/v1/media/{id}/destroy', {
          params: { path: { id: destroying.id } },
          body: { method, ...(note ? { note } : {}) },
        }),
      () => t('registers.destroyed'),
      async () => {
        setDestroying(null);
        setNote('');
        await media.reload();
      },
    );
  };
  return (
    <main id="main">
      <ScreenTitle>{t('registers.mediaTitle')}</ScreenTitle>
      <Select
        label={t('access.filter')}
        value={status}
        onValue={(value) => setStatus(value as MediumStatus)}
        options={[
          { value: 'active', label: t('registers.active') },
          { value: 'overdue', label: t('registers.overdue') },
          { value: 'destroyed', label: t('registers.destroyedState') },
        ]}
      />
      <ErrorNote error={media.error} />
      <Notice>{action.notice}</Notice>
      {(media.data ?? []).length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table data-testid="media">
          <thead>
            <tr>
              <th scope="col">{t('registers.kind')}</th>
              <th scope="col">{t('registers.made')}</th>
              <th scope="col">{t('access.categories')}</th>
              <th scope="col">{t('registers.destroyBy')}</th>
              {officer && <th scope="col">{t('people.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {(media.data ?? []).map((medium) => (
              <tr key={medium.id} class={medium.status === 'overdue' ? 'overdue' : undefined}>
                <td>{medium.kind}</td>
                <td>
                  {dateTime(medium.createdAt)} ·{' '}
                  {t('registers.subjects', { n: medium.subjectCount })}
                </td>
                <td>{labels(medium.categories)}</td>
                <td>
                  {medium.destroyedAt
                    ? `${dateTime(medium.destroyedAt)} (${medium.destructionMethod ?? ''})`
                    : dateTime(medium.destroyBy)}
                </td>
                {officer && (
                  <td>
                    {!medium.destroyedAt && (
                      <button type="button" class="secondary" onClick={() => setDestroying(medium)}>
                        {t('registers.destroy')}
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {destroying && (
        <form class="panel" onSubmit={(event) => void destroy(event)} data-testid="destroy">
          <h2>{t('registers.destroyTitle')}</h2>
          <Select
            label={t('registers.method')}
            value={method}
            onValue={(value) => setMethod(value as Method)}
            options={METHODS.map((item) => ({ value: item, label: item }))}
          />
          <Field label={t('registers.note')} value={note} onValue={setNote} />
          <ErrorNote error={action.error} />
          <div class="actions">
            <button type="submit" disabled={action.busy}>
              {t('registers.destroySubmit')}
            </button>
            <button type="button" class="secondary" onClick={() => setDestroying(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </main>
  );
}
