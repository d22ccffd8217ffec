// The console in a plain browser at /console/: sign in through the hub's own OAuth flow,
// then talk to /console/api over HTTP; signing out ends the hub's session too.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconKey, IconLock } from '@tabler/icons-react';
import { ApiProvider } from './lib/api.tsx';
import { App, ColorSchemeToggle } from './App.tsx';
import { Providers } from './Root.tsx';
import { BrowserAuth } from './transport/auth.ts';
import { createHttpAdminApi } from './transport/http.ts';
import { CONSOLE_PATH } from '../shared/transport.ts';
import { useTranslation } from 'react-i18next';
import { i18n } from './lib/i18n.ts';

type Phase = { kind: 'starting' } | { kind: 'signed-out'; message?: string } | { kind: 'signed-in' } | { kind: 'forbidden' };

/** A centred card with an icon and a heading, for the screens shown before the console itself. */
function Panel({ icon: Icon, title, children }: { icon: typeof IconKey; title: string; children: React.ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" maw={440} w="100%" component="main">
        <Stack>
          <Icon size={32} aria-hidden />
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
      <div style={{ position: 'fixed', top: 12, right: 12 }}>
        <ColorSchemeToggle />
      </div>
    </Center>
  );
}

function initialPhase(auth: BrowserAuth, url: URL): Phase {
  if (auth.isSignOutReturn(url)) return { kind: 'signed-out', message: i18n.t('console.browser.signedOut') };
  if (auth.current) return { kind: 'signed-in' };
  return BrowserAuth.isCallback(url) ? { kind: 'starting' } : { kind: 'signed-out' };
}

export function BrowserConsole() {
  const auth = useMemo(() => new BrowserAuth(), []);
  // Back from the hub's sign-out, signed in already, back from the hub's sign-in page (starting), or neither.
  const [phase, setPhase] = useState<Phase>(() => initialPhase(auth, new URL(window.location.href)));
  const [busy, setBusy] = useState(false);
  const { t } = useTranslation();
  const api = useMemo(
    () =>
      createHttpAdminApi({
        getToken: auth.getToken,
        refresh: () => auth.refresh(),
        onSignInNeeded: () => {
          auth.forget();
          setPhase({ kind: 'signed-out', message: i18n.t('console.browser.sessionEnded') });
        },
        onForbidden: () => setPhase({ kind: 'forbidden' }),
      }),
    [auth],
  );

  useEffect(() => {
    const url = new URL(window.location.href);
    if (auth.isSignOutReturn(url)) {
      // Back from the hub's sign-out: drop the state from the address bar.
      auth.finishSignOut();
      window.history.replaceState(null, '', `${CONSOLE_PATH}/${window.location.hash}`);
      return;
    }
    if (!BrowserAuth.isCallback(url)) return;
    // Drop the code from the address bar before anything else.
    window.history.replaceState(null, '', `${CONSOLE_PATH}/${window.location.hash}`);
    auth.completeSignIn(url).then(
      () => setPhase({ kind: 'signed-in' }),
      (cause: unknown) => setPhase({ kind: 'signed-out', message: cause instanceof Error ? cause.message : i18n.t('console.browser.failed') }),
    );
  }, [auth]);

  const signIn = async () => {
    setBusy(true);
    try {
      await auth.signIn();
    } catch (cause) {
      setBusy(false);
      setPhase({ kind: 'signed-out', message: i18n.t('console.browser.unreachable', { reason: cause instanceof Error ? cause.message : String(cause) }) });
    }
  };
  const signOut = async () => {
    // On its way to the hub's sign-out page, unless the hub cannot end its session.
    if (await auth.signOut()) return;
    setPhase({ kind: 'signed-out', message: i18n.t('console.browser.signedOut') });
  };

  return (
    <Providers>
      {phase.kind === 'starting' ? (
        <Center mih="100vh">
          <Loader aria-label={t('console.browser.signingIn')} />
        </Center>
      ) : phase.kind === 'signed-out' ? (
        <Panel icon={IconKey} title={t('console.browser.title')}>
          <Text c="dimmed">{t('console.browser.signInHelp')}</Text>
          {phase.message ? (
            <Alert color="blue" variant="light" role="status">
              {phase.message}
            </Alert>
          ) : null}
          <Button size="md" onClick={() => void signIn()} loading={busy} data-autofocus autoFocus>
            {t('console.browser.signIn')}
          </Button>
        </Panel>
      ) : phase.kind === 'forbidden' ? (
        <Panel icon={IconLock} title={t('console.browser.notAdmin')}>
          <Alert color="red" variant="light" role="alert">
            {t('console.browser.notAdminText')}
          </Alert>
          <Button onClick={signOut} autoFocus>
            {t('console.shell.signOut')}
          </Button>
        </Panel>
      ) : (
        <ApiProvider api={api}>
          <App onSignOut={() => void signOut()} {...(auth.current?.account ? { account: auth.current.account } : {})} />
        </ApiProvider>
      )}
    </Providers>
  );
}
