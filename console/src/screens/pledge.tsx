import { useState } from 'preact/hooks';
import { api } from '../api';
import { dateTime } from '../format';
import { t } from '../i18n';
import { type Staff, useAction, useLoad, useStaff } from '../load';
import { ErrorNote, Field, Notice, ScreenTitle } from '../ui';
import { PD_ROLES } from '../vocabulary';

/**
 * The confidentiality pledge: everyone reads and signs the version in force (with their
 * full name, as on paper); the compliance officer publishes a new version and sees who
 * of the people working with PD has signed it and who has not.
 */
export function Pledge({ me }: { me: Staff }) {
  const officer = me.roles.includes('COMPLIANCE_OFFICER');
  const current = useLoad(() => api.GET('/api/v1/pledge-versions/current'));
  const [signTick, setSignTick] = useState(0);
  const changed = async (): Promise<void> => {
    await current.reload();
    setSignTick((n) => n + 1);
  };
  const version = current.data;
  return (
    <main id="main">
      <ScreenTitle>{t('pledge.title')}</ScreenTitle>
      {version ? (
        <section class="panel" aria-labelledby="pledge-current">
          <h2 id="pledge-current">
            {t('pledge.current', { from: dateTime(version.effectiveFrom) })}
          </h2>
          <p class="pledge-text" data-testid="pledge-text" data-value>
            {version.text}
          </p>
          <SignPledge me={me} versionId={version.id} onDone={changed} />
        </section>
      ) : (
        <p data-testid="no-pledge">{t('pledge.none')}</p>
      )}
      {officer && <PublishPledge onDone={changed} />}
      {officer && version && <Signatures key={`${version.id}-${signTick}`} />}
    </main>
  );
}

function SignPledge(props: { me: Staff; versionId: string; onDone: () => Promise<void> }) {
  const [fullName, setFullName] = useState('');
  const action = useAction();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await action.run(
      () =>
        api.POST('/api/v1/staff/me/pledges', {
          body: { pledgeVersionId: props.versionId, fullName },
        }),
      (signature) => t('pledge.signed', { at: dateTime(signature.signedAt) }),
      props.onDone,
    );
  };
  return (
    <form onSubmit={(event) => void submit(event)} data-testid="sign-pledge">
      <Field
        label={t('pledge.signName')}
        hint={t('pledge.signHint')}
        required
        value={fullName}
        onValue={setFullName}
      />
      <ErrorNote error={action.error} />
      <Notice>{action.notice}</Notice>
      <button type="submit" disabled={action.busy}>
        {t('pledge.sign')}
      </button>
    </form>
  );
}

function PublishPledge({ onDone }: { onDone: () => Promise<void> }) {
  const [text, setText] = useState('');
  const action = useAction();
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    await action.run(
      () => api.POST('/api/v1/pledge-versions', { body: { text } }),
      () => t('pledge.published'),
      async () => {
        setText('');
        await onDone();
      },
    );
  };
  return (
    <section class="panel" aria-labelledby="pledge-publish">
      <h2 id="pledge-publish">{t('pledge.publish')}</h2>
      <form onSubmit={(event) => void submit(event)} data-testid="publish-pledge">
        <div class="field">
          <label for="pledge-new-text">{t('pledge.text')}</label>
          <textarea
            id="pledge-new-text"
            rows={5}
            required
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <p class="hint">{t('pledge.publishHint')}</p>
        <ErrorNote error={action.error} />
        <Notice>{action.notice}</Notice>
        <button type="submit" disabled={action.busy}>
          {t('pledge.publishSubmit')}
        </button>
      </form>
    </section>
  );
}

/** Who of the people with a PD role has signed the version in force. */
function Signatures() {
  const staff = useStaff();
  const people = (staff.data ?? []).filter(
    (member) => member.active && member.roles.some((role) => PD_ROLES.includes(role)),
  );
  const signed = useLoad(async () => {
    const states = await Promise.all(
      people.map(async (member) => {
        const { data } = await api.GET('/api/v1/staff/{id}/effective-access', {
          params: { path: { id: member.id } },
        });
        return [member.id, data?.pledge.signed ?? false] as const;
      }),
    );
    return { data: new Map(states) };
  }, [people.map((member) => member.id).join()]);
  return (
    <section aria-labelledby="pledge-who">
      <h2 id="pledge-who">{t('pledge.who')}</h2>
      <table data-testid="pledge-signatures">
        <thead>
          <tr>
            <th scope="col">{t('people.fullName')}</th>
            <th scope="col">{t('pledge.hasSigned')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((member) => (
            <tr key={member.id} data-testid={`signature-${member.email}`}>
              <td>{member.fullName}</td>
              <td>{signed.data?.get(member.id) ? t('pledge.yesSigned') : t('pledge.notSigned')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
