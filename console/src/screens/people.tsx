import { useState } from 'preact/hooks';
import { api, type Schemas } from '../api';
import { dateTime } from '../format';
import { t } from '../i18n';
import { nameOf, type Staff, useAction, useLoad, useStaff } from '../load';
import { Choices, ErrorNote, Field, Notice, ScreenTitle, Select } from '../ui';
import { type Role, ROLES } from '../vocabulary';
import { ClientGrants, Clients } from './clients';

const roleLabel = (role: Role): string => t(`role.${role}`);

/**
 * People: staff accounts and their roles, the role changes waiting for a second person,
 * and the service clients. An administrator creates and proposes; an officer approves
 * and confirms paused accounts; the API refuses anything else.
 */
export function People({ me }: { me: Staff }) {
  const admin = me.roles.includes('ADMIN');
  const officer = me.roles.includes('COMPLIANCE_OFFICER');
  const staff = useStaff();
  const changes = useLoad(async () => {
    const { data, error } = await api.GET('/api/v1/role-changes', {
      params: { query: { status: 'PENDING', limit: 200 } },
    });
    return { data: data?.items, error };
  });
  const reload = async (): Promise<void> => {
    await Promise.all([staff.reload(), changes.reload()]);
  };

  return (
    <main id="main">
      <ScreenTitle>{t('people.title')}</ScreenTitle>
      {admin && <CreateStaff onDone={reload} />}
      <StaffTable staff={staff.data} officer={officer} me={me} onDone={reload} />
      <ErrorNote error={staff.error} />
      {admin && <ProposeRoles staff={staff.data ?? []} me={me} onDone={reload} />}
      <Proposals changes={changes.data} staff={staff.data} officer={officer} onDone={reload} />
      {admin && <Clients />}
      {officer && <ClientGrants />}
    </main>
  );
}

function CreateStaff({ onDone }: { onDone: () => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [fullName, setFullName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['OPERATOR']);
  const action = useAction();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await action.run(
      () => api.POST('/api/v1/staff', { body: { email, fullName, roles } }),
      (created) =>
        created.pendingRoleChange
          ? `${t('people.created')} ${t('people.officerPending')}`
          : t('people.created'),
      async () => {
        setEmail('');
        setFullName('');
        await onDone();
      },
    );
  };
  return (
    <section class="panel" aria-labelledby="create-staff">
      <h2 id="create-staff">{t('people.create')}</h2>
      <form onSubmit={(event) => void submit(event)} data-testid="create-staff">
        <Field label={t('people.fullName')} required value={fullName} onValue={setFullName} />
        <Field label={t('people.email')} type="email" required value={email} onValue={setEmail} />
        <Choices
          legend={t('account.roles')}
          values={ROLES}
          chosen={roles}
          onChange={setRoles}
          labelOf={roleLabel}
        />
        <p class="hint">{t('people.enrolHint')}</p>
        <ErrorNote error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" disabled={action.busy}>
          {t('people.createSubmit')}
        </button>
      </form>
    </section>
  );
}

function StaffTable(props: {
  staff: Staff[] | undefined;
  officer: boolean;
  me: Staff;
  onDone: () => Promise<void>;
}) {
  const action = useAction();
  const confirm = async (member: Staff): Promise<void> => {
    await action.run(
      () => api.POST('/api/v1/staff/{id}/confirm', { params: { path: { id: member.id } } }),
      () => t('people.confirmed', { name: member.fullName }),
      props.onDone,
    );
  };
  return (
    <section aria-labelledby="staff-list">
      <h2 id="staff-list">{t('people.accounts')}</h2>
      <ErrorNote error={action.error} />
      <Notice>{action.notice}</Notice>
      <table data-testid="staff-table">
        <thead>
          <tr>
            <th scope="col">{t('people.fullName')}</th>
            <th scope="col">{t('people.email')}</th>
            <th scope="col">{t('account.roles')}</th>
            <th scope="col">{t('people.state')}</th>
            {props.officer && <th scope="col">{t('people.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {(props.staff ?? []).map((member) => (
            <tr key={member.id} data-testid={`staff-${member.email}`}>
              <td data-value>{member.fullName}</td>
              <td data-value>{member.email}</td>
              <td>{member.roles.map(roleLabel).join(', ')}</td>
              <td>{stateOf(member)}</td>
              {props.officer && (
                <td>
                  {member.paused && member.id !== props.me.id && (
                    <button type="button" onClick={() => void confirm(member)}>
                      {t('people.confirm', { name: member.fullName })}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function stateOf(member: Staff): string {
  if (!member.active) return t('people.inactive');
  if (member.suspended) return t('people.suspended');
  if (member.paused) return t('people.paused');
  if (!member.enrolled) return t('people.notEnrolled');
  return t('people.activeState');
}

function ProposeRoles(props: { staff: Staff[]; me: Staff; onDone: () => Promise<void> }) {
  const others = props.staff.filter((member) => member.id !== props.me.id);
  const [staffId, setStaffId] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const action = useAction();
  const choose = (id: string): void => {
    setStaffId(id);
    setRoles(others.find((member) => member.id === id)?.roles ?? []);
  };
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await action.run(
      () =>
        api.POST('/api/v1/staff/{id}/role-changes', {
          params: { path: { id: staffId } },
          body: { roles },
        }),
      (change) => (change.status === 'PENDING' ? t('people.proposed') : t('people.applied')),
      props.onDone,
    );
  };
  return (
    <section class="panel" aria-labelledby="propose-roles">
      <h2 id="propose-roles">{t('people.changeRoles')}</h2>
      <form onSubmit={(event) => void submit(event)} data-testid="propose-roles">
        <Select
          label={t('people.person')}
          value={staffId}
          onValue={choose}
          required
          options={[
            { value: '', label: '—' },
            ...others.map((member) => ({ value: member.id, label: member.fullName, data: true })),
          ]}
        />
        <Choices
          legend={t('people.newRoles')}
          values={ROLES}
          chosen={roles}
          onChange={setRoles}
          labelOf={roleLabel}
        />
        <p class="hint">{t('people.fourEyes')}</p>
        <ErrorNote error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" disabled={action.busy || !staffId}>
          {t('people.propose')}
        </button>
      </form>
    </section>
  );
}

function Proposals(props: {
  changes: Schemas['RoleChangeView'][] | undefined;
  staff: Staff[] | undefined;
  officer: boolean;
  onDone: () => Promise<void>;
}) {
  const action = useAction();
  const approve = async (change: Schemas['RoleChangeView']): Promise<void> => {
    await action.run(
      () => api.POST('/api/v1/role-changes/{id}/approve', { params: { path: { id: change.id } } }),
      () => t('people.approved'),
      props.onDone,
    );
  };
  const changes = props.changes ?? [];
  return (
    <section aria-labelledby="proposals">
      <h2 id="proposals">{t('people.proposals')}</h2>
      <ErrorNote error={action.error} />
      <Notice>{action.notice}</Notice>
      {changes.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <table data-testid="proposals">
          <thead>
            <tr>
              <th scope="col">{t('people.person')}</th>
              <th scope="col">{t('people.fromRoles')}</th>
              <th scope="col">{t('people.newRoles')}</th>
              <th scope="col">{t('people.proposedBy')}</th>
              {props.officer && <th scope="col">{t('people.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.id}>
                <td>{nameOf(props.staff, change.staffId)}</td>
                <td>{change.fromRoles.map(roleLabel).join(', ')}</td>
                <td>{change.roles.map(roleLabel).join(', ')}</td>
                <td>
                  {nameOf(props.staff, change.proposedBy)}, {dateTime(change.proposedAt)}
                </td>
                {props.officer && (
                  <td>
                    <button type="button" onClick={() => void approve(change)}>
                      {t('people.approve', { name: nameOf(props.staff, change.staffId) })}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
