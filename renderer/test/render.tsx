import type { ReactElement } from 'react';
import { render } from '@testing-library/react';
import type { AdminApi } from '../../shared/admin-contract.ts';
import { ApiProvider } from '../lib/api.tsx';
import { Providers } from '../Root.tsx';

export function renderWithApi(ui: ReactElement, api: AdminApi) {
  return render(
    <Providers env="test">
      <ApiProvider api={api}>{ui}</ApiProvider>
    </Providers>,
  );
}
