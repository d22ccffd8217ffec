import { useEffect, useRef, type ReactNode } from 'react';
import { ActionIcon, AppShell, Burger, Button, Group, NavLink, Text, Title, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import {
  IconApps,
  IconCpu,
  IconGauge,
  IconKey,
  IconListDetails,
  IconLogout,
  IconMoon,
  IconSettings,
  IconShieldLock,
  IconSun,
  IconUsers,
} from '@tabler/icons-react';
import { AccountLink } from './components/account-link.tsx';
import { screenHref, useScreen, type Screen } from './lib/router.ts';
import { Dashboard } from './screens/Dashboard.tsx';
import { Applications } from './screens/Applications.tsx';
import { Devices } from './screens/Devices.tsx';
import { Users } from './screens/Users.tsx';
import { Roles } from './screens/Roles.tsx';
import { Tokens } from './screens/Tokens.tsx';
import { Audit } from './screens/Audit.tsx';
import { SettingsScreen } from './screens/Settings.tsx';

const NAV: { screen: Screen; label: NavLabel; icon: ReactNode }[] = [
  { screen: 'dashboard', label: 'console.nav.dashboard', icon: <IconGauge size={18} aria-hidden /> },
  { screen: 'applications', label: 'console.nav.applications', icon: <IconApps size={18} aria-hidden /> },
  { screen: 'devices', label: 'console.nav.devices', icon: <IconCpu size={18} aria-hidden /> },
  { screen: 'users', label: 'console.nav.users', icon: <IconUsers size={18} aria-hidden /> },
  { screen: 'roles', label: 'console.nav.roles', icon: <IconShieldLock size={18} aria-hidden /> },
  { screen: 'tokens', label: 'console.nav.tokens', icon: <IconKey size={18} aria-hidden /> },
  { screen: 'audit', label: 'console.nav.audit', icon: <IconListDetails size={18} aria-hidden /> },
  { screen: 'settings', label: 'console.nav.settings', icon: <IconSettings size={18} aria-hidden /> },
];

type NavLabel = `console.nav.${Screen}`;

const SCREEN_COMPONENTS: Record<Screen, () => ReactNode> = {
  dashboard: () => <Dashboard />,
  applications: () => <Applications />,
  devices: () => <Devices />,
  users: () => <Users />,
  roles: () => <Roles />,
  tokens: () => <Tokens />,
  audit: () => <Audit />,
  settings: () => <SettingsScreen />,
};

export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const { t } = useTranslation();
  const next = computed === 'dark' ? 'light' : 'dark';
  const label = next === 'dark' ? t('console.shell.darkTheme') : t('console.shell.lightTheme');
  return (
    <Tooltip label={label}>
      <ActionIcon variant="default" size="lg" onClick={() => setColorScheme(next)} aria-label={label}>
        {computed === 'dark' ? <IconSun size={18} aria-hidden /> : <IconMoon size={18} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}

export function App({ onSignOut, account }: { onSignOut?: () => void; account?: string }) {
  const screen = useScreen();
  const [opened, { toggle, close }] = useDisclosure(false);
  const main = useRef<HTMLElement>(null);
  const { t } = useTranslation();
  const label = t(NAV.find((n) => n.screen === screen)?.label ?? 'console.nav.dashboard');
  // After moving to another screen, put keyboard and screen-reader focus on its content.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [screen]);

  return (
    <>
      <a
        href="#main-content"
        className="skip-link"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus();
        }}
      >
        {t('console.shell.skip')}
      </a>
      <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? t('console.shell.closeNavigation') : t('console.shell.openNavigation')} />
              <IconKey size={22} aria-hidden />
              <Title order={2} size="h4">
                {t('console.shell.brand')}
              </Title>
              <Text c="dimmed" size="sm" visibleFrom="xs">
                {t('console.shell.subtitle')}
              </Text>
            </Group>
            <Group gap="sm" wrap="nowrap">
              {account ? (
                <Text size="sm" c="dimmed" visibleFrom="sm">
                  {account}
                </Text>
              ) : null}
              <AccountLink />
              <ColorSchemeToggle />
              {onSignOut ? (
                <Button variant="default" leftSection={<IconLogout size={16} aria-hidden />} onClick={onSignOut}>
                  {t('console.shell.signOut')}
                </Button>
              ) : null}
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" component="nav" aria-label={t('console.shell.sections')}>
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.screen}>
                <NavLink
                  href={screenHref(item.screen)}
                  label={t(item.label)}
                  leftSection={item.icon}
                  active={item.screen === screen}
                  aria-current={item.screen === screen ? 'page' : undefined}
                  onClick={close}
                />
              </li>
            ))}
          </ul>
        </AppShell.Navbar>
        <AppShell.Main id="main-content" ref={main} tabIndex={-1} aria-label={label} style={{ outline: 'none' }}>
          {SCREEN_COMPONENTS[screen]()}
        </AppShell.Main>
      </AppShell>
    </>
  );
}
