import type { ReactNode } from 'react';
import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import type { AdminApi } from '../shared/admin-contract.ts';
import { ApiProvider } from './lib/api.tsx';
import { App } from './App.tsx';
import { cssVariablesResolver, theme } from './theme.ts';


const colorSchemeManager = localStorageColorSchemeManager({ key: 'lanyard-color-scheme' });

/** `env="test"` turns off Mantine transitions and portals (component tests). */
export function Providers({ children, env }: { children: ReactNode; env?: 'default' | 'test' }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto" {...(env ? { env } : {})}>
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
