import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { dateTime } from '../format';
import { type Key, label, labels, t } from '../i18n';
import { nameOf, type Staff, useAction, useLoad, useStaff } from '../load';
import { Deadline, ErrorNote, Field, Notice, ResultTitle, ScreenTitle, Select } from '../ui';
import type { RequestType } from '../vocabulary';

type Summary = Schemas['RequestSummaryView'];
type Status = Summary['status'];
type Shown = 'OPEN' | Status | 'ALL';

/** What completing each type of request does, said before the officer confirms. */
const EFFECT: Record<RequestType, Key> = {
  INFORMATION: 'requests.effect.INFORMATION',
  RECTIFICATION: 'requests.effect.RECTIFICATION',
  BLOCKING: 'requests.effect.BLOCKING',
  UNBLOCKING: 'requests.effect.UNBLOCKING',
  DELETION: 'requests.effect.DELETION',
};

const open = (request: Summary): boolean =>
  request.status === 'SUBMITTED' || request.status === 'IN_REVIEW';

/**
 * Requests: the data subjects' requests by deadline (overdue first and marked), to
 * assign, complete (the effect explained first) or reject with the reason the subject
 * reads. The list is fetched again after every action.
 */
export function Requests({ me }: { me: Staff }) {
  const staff = useStaff();
  const [shown, setShown] = useState<Shown>('OPEN');
  const [chosen, setChosen] = useState<string | null>(null);
  const list = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/data-requests', {
      params: { query: { limit: 200 } },
    });
    return { data: data?.items, error };
  });
  const requests = (list.data ?? [])
    .filter((request) =>
      shown === 'ALL' ? true : shown === 'OPEN' ? open(request) : request.status === shown,
    )
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <main id="main">
      <ScreenTitle>{t('requests.title')}</ScreenTitle>
      <Select
        label={t('requests.show')}
        value={shown}
        onValue={(value) => setShown(value as Shown)}
        testId="requests-filter"
        options={[
          { value: 'OPEN', label: t('requests.open') },
          { value: 'COMPLETED', label: label('COMPLETED') },
          { value: 'REJECTED', label: label('REJECTED') },
          { value: 'ALL', label: t('common.all') },
        ]}
      />
      <ErrorNote error={list.error} />
      {requests.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table data-testid="requests">
          <thead>
            <tr>
              <th scope="col">{t('requests.type')}</th>
              <th scope="col">{t('requests.subject')}</th>
              <th scope="col">{t('requests.filed')}</th>
              <th scope="col">{t('requests.deadline')}</th>
              <th scope="col">{t('people.state')}</th>
              <th scope="col">{t('requests.assignee')}</th>
              <th scope="col">{t('people.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => (
              <tr
                key={request.id}
                class={request.overdue ? 'overdue' : undefined}
                data-testid={`request-${request.id}`}
              >
                <td>{label(request.type)}</td>
                <td class="code">{request.subjectId.slice(0, 8)}</td>
                <td>{dateTime(request.filedAt)}</td>
                <td>
                  {open(request) ? <Deadline due={request.dueAt} /> : dateTime(request.closedAt)}
                </td>
                <td>{label(request.status)}</td>
                <td>{nameOf(staff.data, request.assigneeId)}</td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => setChosen(request.id)}
                    aria-label={t('requests.openOne', { type: label(request.type) })}
                  >
                    {t('requests.openButton')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {chosen && (
        <RequestCard
          key={chosen}
          id={chosen}
          me={me}
          staff={staff.data ?? []}
          onDone={list.reload}
        />
      )}
    </main>
  );
}

function RequestCard(props: {
  id: string;
  me: Staff;
  staff: Staff[];
  onDone: () => Promise<void>;
}) {
  const request = useLoad(
    () => api.GET('/api/v1/data-requests/{id}', { params: { path: { id: props.id } } }),
    [props.id],
  );
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const [unlawful, setUnlawful] = useState(false);
  const [reason, setReason] = useState('');
  const [assignee, setAssignee] = useState(props.me.id);
  const action = useAction();
  const after = async (): Promise<void> => {
    setConfirming(false);
    await Promise.all([request.reload(), props.onDone()]);
  };
  const path = { params: { path: { id: props.id } } };
  const view = request.data;
  if (request.error) return <ErrorNote error={request.error} />;
  if (!view) return <p>{t('app.loading')}</p>;
  const officers = props.staff.filter((member) => member.roles.includes('COMPLIANCE_OFFICER'));
  const isOpen = view.status === 'SUBMITTED' || view.status === 'IN_REVIEW';
  return (
    <section class="panel" aria-labelledby="request-card" data-testid="request-card">
      <ResultTitle id="request-card">
        {label(view.type)} · {label(view.status)}
      </ResultTitle>
      <dl class="facts">
        <dt>{t('requests.subject')}</dt>
        <dd class="code">{view.subjectId}</dd>
        <dt>{t('requests.filed')}</dt>
        <dd>
          {dateTime(view.filedAt)} ({view.channel})
        </dd>
        <dt>{t('requests.deadline')}</dt>
        <dd>{isOpen ? <Deadline due={view.dueAt} /> : dateTime(view.dueAt)}</dd>
        <dt>{t('requests.details')}</dt>
        <dd>{view.details ?? '—'}</dd>
        {view.withheld.length > 0 && (
          <>
            <dt>{t('subject.withheld')}</dt>
            <dd class="withheld">{labels(view.withheld)}</dd>
          </>
        )}
        {view.rejectionReason && (
          <>
            <dt>{t('requests.reason')}</dt>
            <dd>{view.rejectionReason}</dd>
          </>
        )}
      </dl>
      <h3>{t('requests.steps')}</h3>
      <ol>
        {view.steps.map((step) => (
          <li key={`${step.status}-${step.at}`}>
            {label(step.status)}, {dateTime(step.at)}
            {step.note && ` — ${step.note}`}
          </li>
        ))}
      </ol>
      <ErrorNote error={action.error} />
      <Notice>{action.notice}</Notice>
      {isOpen && (
        <>
          <form
            class="actions"
            data-testid="assign"
            onSubmit={(event) => {
              event.preventDefault();
              void action.run(
                () =>
                  api.POST('/api/v1/data-requests/{id}/assign', {
                    ...path,
                    body: { assigneeId: assignee },
                  }),
                () => t('requests.assigned'),
                after,
              );
            }}
          >
            <Select
              label={t('requests.assignTo')}
              value={assignee}
              onValue={setAssignee}
              options={officers.map((member) => ({
                value: member.id,
                label: member.fullName,
                data: true,
              }))}
            />
            <button type="submit" disabled={action.busy}>
              {t('requests.assign')}
            </button>
          </form>
          {!confirming ? (
            <p>
              <button type="button" onClick={() => setConfirming(true)}>
                {t('requests.complete')}
              </button>
            </p>
          ) : (
            <form
              class="panel"
              data-testid="complete"
              onSubmit={(event) => {
                event.preventDefault();
                void action.run(
                  () =>
                    api.POST('/api/v1/data-requests/{id}/complete', {
                      ...path,
                      body: {
                        ...(note ? { note } : {}),
                        ...(view.type === 'DELETION' ? { unlawfulProcessing: unlawful } : {}),
                      },
                    }),
                  () => t('requests.completed'),
                  after,
                );
              }}
            >
              <p role="note" data-testid="effect">
                {t(EFFECT[view.type])}
              </p>
              <Field label={t('requests.note')} value={note} onValue={setNote} />
              {view.type === 'DELETION' && (
                <label class="choice">
                  <input
                    type="checkbox"
                    checked={unlawful}
                    onChange={(event) => setUnlawful(event.currentTarget.checked)}
                  />
                  {t('requests.unlawful')}
                </label>
              )}
              <div class="actions">
                <button type="submit" disabled={action.busy}>
                  {t('requests.confirmComplete')}
                </button>
                <button type="button" class="secondary" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
              </div>
            </form>
          )}
          <form
            class="actions"
            data-testid="reject"
            onSubmit={(event) => {
              event.preventDefault();
              void action.run(
                () => api.POST('/api/v1/data-requests/{id}/reject', { ...path, body: { reason } }),
                () => t('requests.rejected'),
                after,
              );
            }}
          >
            <Field label={t('requests.rejectReason')} required value={reason} onValue={setReason} />
            <button type="submit" class="secondary" disabled={action.busy}>
              {t('requests.reject')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
