// The live-token filters: application and user (searched on the hub as the operator types) and
// token type, with the names of the chosen application and user for the screen's buttons.
import { useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { TOKEN_TYPES, type TokenType } from '../../../shared/admin-contract.ts';
import { useOperation } from '../../lib/operation.ts';
import { TYPE_LABEL } from './token-types.ts';
import type { TokenFilters as Filters } from './useLiveTokens.ts';
import { useTranslation } from 'react-i18next';

const SEARCH_DEBOUNCE_MS = 250;

/**
 * The applications and users to filter by. Searched on the hub: listing every client (each with
 * its live-token count) just to fill this filter cost the screen most of a second at a million
 * tokens. `enabled` waits for the first page of tokens: the hub answers one call at a time, and
 * the rows are what the operator came for.
 */
export function useFilterChoices(filters: Filters, enabled: boolean) {
  const [clientSearchRaw, setClientSearch] = useState('');
  const [clientSearch] = useDebouncedValue(clientSearchRaw, SEARCH_DEBOUNCE_MS);
  const clients = useOperation('clients.list', { ...(clientSearch && !filters.clientId ? { query: clientSearch } : {}), limit: 50 }, { refreshOn: ['client.changed'], enabled });
  const [userSearchRaw, setUserSearch] = useState('');
  const [userSearch] = useDebouncedValue(userSearchRaw, SEARCH_DEBOUNCE_MS);
  const users = useOperation('users.list', { ...(userSearch && !filters.userId ? { query: userSearch } : {}), limit: 100 }, { refreshOn: ['user.changed'], enabled });
  return {
    clients: (clients.data?.items ?? []).map((c) => ({ value: c.clientId, label: c.name })),
    users: (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.username })),
    setClientSearch,
    setUserSearch,
    clientName: clients.data?.items.find((c) => c.clientId === filters.clientId)?.name ?? filters.clientId,
    userName: users.data?.items.find((u) => u.id === filters.userId)?.username ?? filters.userId,
  };
}

type Choices = ReturnType<typeof useFilterChoices>;

/** Sets one filter, or clears it when `value` is null. */
const setting =
  <F extends keyof Filters>(field: F, onChange: (change: (current: Filters) => Filters) => void) =>
  (value: string | null) =>
    onChange((current) => {
      const { [field]: _old, ...rest } = current;
      return value ? { ...rest, [field]: value as Filters[F] } : rest;
    });

export function TokenFilters({ filters, choices, onChange }: { filters: Filters; choices: Choices; onChange: (change: (current: Filters) => Filters) => void }) {
  const { t } = useTranslation();
  const searched = [
    { field: 'clientId', label: t('console.events.application'), placeholder: t('console.tokens.allApplications'), data: choices.clients, onSearchChange: choices.setClientSearch, w: 240 },
    { field: 'userId', label: t('console.tokens.user'), placeholder: t('console.tokens.allUsers'), data: choices.users, onSearchChange: choices.setUserSearch, w: 200 },
  ] as const;
  return (
    <>
      {searched.map(({ field, ...select }) => (
        <Select key={field} {...select} value={filters[field] ?? null} onChange={setting(field, onChange)} clearable searchable />
      ))}
      <Select
        label={t('console.tokens.type')}
        placeholder={t('console.tokens.allTypes')}
        data={TOKEN_TYPES.map((type: TokenType) => ({ value: type, label: t(TYPE_LABEL[type]) }))}
        value={filters.type ?? null}
        onChange={setting('type', onChange)}
        clearable
        w={180}
      />
    </>
  );
}
