import { useMemo, type ReactNode } from 'react';
import { createTheme, MantineProvider, mergeThemeOverrides, Modal, localStorageColorSchemeManager } from '@mantine/core';
import { setI18n, useTranslation } from 'react-i18next';
import { Notifications } from '@mantine/notifications';
import type { AdminApi } from '../shared/admin-contract.ts';
import { ApiProvider } from './lib/api.tsx';
import { App } from './App.tsx';
import { cssVariablesResolver, theme } from './theme.ts';
import { i18n } from './lib/i18n.ts';

// Every useTranslation() in the console reads this instance (lib/i18n.ts).
setI18n(i18n);


const colorSchemeManager = localStorageColorSchemeManager({ key: 'lanyard-color-scheme' });

/** `env="test"` turns off Mantine transitions and portals (component tests). */
export function Providers({ children, env }: { children: ReactNode; env?: 'default' | 'test' }) {
  const { t } = useTranslation();
  // The close button in a dialog's header is an icon: give it a name screen readers say.
  const localized = useMemo(
    () => mergeThemeOverrides(theme, createTheme({ components: { Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': t('console.common.closeDialog') } } }) } })),
    [t],
  );
  return (
    <MantineProvider theme={localized} cssVariablesResolver={cssVariablesResolver} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto" {...(env ? { env } : {})}>
      {children}
      <Notifications position="bottom-right" />
    </MantineProvider>
  );
}

/** The console on a given AdminApi (IPC, HTTP or the test fake). */
export function ConsoleRoot({ api, onSignOut, account }: { api: AdminApi; onSignOut?: () => void; account?: string }) {
  return (
    <Providers>
      <ApiProvider api={api}>
        <App {...(onSignOut ? { onSignOut } : {})} {...(account ? { account } : {})} />
      </ApiProvider>
    </Providers>
  );
}
