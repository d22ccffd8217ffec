// Mounts a screen the way the console does (Mantine providers, the AdminApi in context), with
// transitions and portals off for jsdom.
import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import type { AdminApi } from '../../shared/admin-contract.ts';
import { ApiProvider } from '../../renderer/lib/api.tsx';
import { Providers } from '../../renderer/Root.tsx';

export function renderWithApi(ui: ReactElement, api: AdminApi) {
  return render(
    <Providers env="test">
      <ApiProvider api={api}>{ui}</ApiProvider>
    </Providers>,
  );
}
