import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type ConsoleSettings, type Role, type Schemas, signOut, startSession } from './api';
import { watchIdle } from './idle';
import { type Key, setLanguage, t, useLanguage } from './i18n';
import { go, useRoute } from './routes';
import { Access } from './screens/access';
import { Account } from './screens/account';
import { Audit } from './screens/audit';
import { Enrol } from './screens/enrol';
import { Incidents } from './screens/incidents';
import { People } from './screens/people';
import { Pledge } from './screens/pledge';
import { Policy } from './screens/policy';
import { Media, ThirdParties } from './screens/registers';
import { Requests } from './screens/requests';
import { SignIn } from './screens/sign-in';
import { Subject } from './screens/subject';
import { ErrorNote } from './ui';

type Me = Schemas['StaffView'];

interface Screen {
  route: string;
  title: Key;
  /** Who sees it in the menu; the API decides what each may do there. */
  roles: readonly Role[] | 'all';
  render: (me: Me, settings: ConsoleSettings) => VNode;
}

/** The screens in menu order; the first one a person may see opens after sign-in. */
const SCREENS: readonly Screen[] = [
  {
    route: 'people',
    title: 'nav.people',
    roles: ['ADMIN', 'COMPLIANCE_OFFICER'],
    render: (me) => <People me={me} />,
  },
  {
    route: 'access',
    title: 'nav.access',
    roles: ['COMPLIANCE_OFFICER'],
    render: (me, settings) => <Access me={me} settings={settings} />,
  },
  { route: 'pledge', title: 'nav.pledge', roles: 'all', render: (me) => <Pledge me={me} /> },
  {
    route: 'requests',
    title: 'nav.requests',
    roles: ['COMPLIANCE_OFFICER'],
    render: (me) => <Requests me={me} />,
  },
  {
    route: 'incidents',
    title: 'nav.incidents',
    roles: ['COMPLIANCE_OFFICER'],
    render: () => <Incidents />,
  },
  {
    route: 'policy',
    title: 'nav.policy',
    roles: ['COMPLIANCE_OFFICER'],
    render: () => <Policy />,
  },
  {
    route: 'third-parties',
    title: 'nav.thirdParties',
    roles: ['COMPLIANCE_OFFICER'],
    render: () => <ThirdParties />,
  },
  {
    route: 'media',
    title: 'nav.media',
    roles: ['COMPLIANCE_OFFICER', 'AUDITOR'],
    render: (me) => <Media officer={me.roles.includes('COMPLIANCE_OFFICER')} />,
  },
  {
    route: 'subject',
    title: 'nav.subject',
    roles: ['OPERATOR', 'COMPLIANCE_OFFICER'],
    render: () => <Subject />,
  },
  {
    route: 'audit',
    title: 'nav.audit',
    roles: ['AUDITOR', 'COMPLIANCE_OFFICER'],
    render: () => <Audit />,
  },
  { route: 'account', title: 'nav.account', roles: 'all', render: (me) => <Account me={me} /> },
];

function visibleTo(me: Me): Screen[] {
  return SCREENS.filter(
    (screen) => screen.roles === 'all' || screen.roles.some((role) => me.roles.includes(role)),
  );
}

export function App({ settings }: { settings: ConsoleSettings }) {
  const lang = useLanguage();
  const route = useRoute();
  const [me, setMe] = useState<Me | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const ended = (message: string): void => {
    setMe(null);
    setNotice(message);
    go('sign-in');
  };

  const signedIn = async (token: string): Promise<void> => {
    startSession(token, () => ended(t('app.sessionEnded')));
    const { data, error } = await api.GET('/api/v1/staff/me');
    if (!data) return setError(error ?? { code: 'NETWORK' });
    setError(null);
    setNotice(null);
    setMe(data);
    go(visibleTo(data)[0]?.route ?? 'account');
  };

  useEffect(() => {
    if (!me) return;
    return watchIdle(settings.idleMinutes, () => {
      void signOut().then(() => ended(t('app.idleSignedOut', { minutes: settings.idleMinutes })));
    });
  }, [me, settings.idleMinutes]);

  const switcher = (
    <button
      type="button"
      class="link"
      lang={lang === 'ru' ? 'en' : 'ru'}
      aria-label={t('app.languageLabel')}
      onClick={() => setLanguage(lang === 'ru' ? 'en' : 'ru')}
    >
      {t('app.language')}
    </button>
  );

  if (!me) {
    return (
      <>
        <header class="top">
          <span class="brand">{t('app.title')}</span>
          {switcher}
        </header>
        <ErrorNote error={error} />
        {route === 'enrol' ? (
          <Enrol onToken={(token) => void signedIn(token)} />
        ) : (
          <SignIn notice={notice} onToken={(token) => void signedIn(token)} />
        )}
      </>
    );
  }

  const screens = visibleTo(me);
  const screen = screens.find((item) => item.route === route) ?? screens[0];
  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        {t('app.skip')}
      </a>
      <header class="top">
        <span class="brand">{t('app.title')}</span>
        <span class="who" data-testid="who">
          {t('app.signedInAs', { name: me.fullName })}
        </span>
        {switcher}
        <button
          type="button"
          onClick={() => void signOut().then(() => ended(t('app.signedOut')))}
          data-testid="sign-out"
        >
          {t('app.signOut')}
        </button>
      </header>
      <nav aria-label={t('app.nav')}>
        <ul>
          {screens.map((item) => (
            <li key={item.route}>
              <a
                href={`#/${item.route}`}
                aria-current={item === screen ? 'page' : undefined}
                data-testid={`nav-${item.route}`}
              >
                {t(item.title)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div key={screen.route}>{screen.render(me, settings)}</div>
    </>
  );
}

/** The hash is the route: move focus to the content without changing it. */
function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById('main')?.querySelector('h1')?.focus();
}
