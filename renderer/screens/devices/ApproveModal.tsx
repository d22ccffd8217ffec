// "Approve…" for a waiting device: the operator checks the code and picks whose account it gets
// (a searchable list of users, searched on the hub). Key it by each opening (useDialog).
import { useState } from 'react';
import { Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { DeviceRequest } from '../../../shared/admin-contract.ts';
import { FormModal } from '../../components/modals.tsx';
import { Trans, useTranslation } from 'react-i18next';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { deviceName } from './RequestCard.tsx';

const SEARCH_DEBOUNCE_MS = 250;

/** The users to choose from, searched on the hub as the operator types; the chosen one stays listed. */
function useUserChoices(chosen: string | null, enabled: boolean) {
  const [typed, setTyped] = useState('');
  const [search] = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS);
  const users = useOperation('users.list', { ...(search && search !== chosen ? { query: search } : {}), limit: 50 }, { refreshOn: ['user.changed'], enabled });
  const options = (users.data?.items ?? []).map((u) => ({ value: u.username, label: u.username, disabled: u.disabled }));
  if (chosen && !options.some((o) => o.value === chosen)) options.unshift({ value: chosen, label: chosen, disabled: false });
  return { options, typed, setTyped, searching: users.loading };
}

export function ApproveModal({ request, opened, onClose, onDone }: { request: DeviceRequest; opened: boolean; onClose: () => void; onDone: () => void }) {
  const [username, setUsername] = useState<string | null>(null);
  const users = useUserChoices(username, opened);
  const decide = useMutation('devices.decide');
  const { t } = useTranslation();
  const name = deviceName(request);

  const approve = async () => {
    const result = await decide.run({ userCode: request.userCode, decision: 'approve', ...(username ? { username } : {}) });
    if (!result) return;
    notifications.show({
      color: 'teal',
      message: result.scope ? t('console.approve.done', { name, username: result.username, scope: result.scope }) : t('console.approve.doneNoScopes', { name, username: result.username }),
    });
    onDone();
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={t('console.approve.title', { name })}
      submitLabel={t('console.approve.approve')}
      submit={{ color: 'teal', disabled: !username }}
      // A refusal about the user shows at the user field only.
      mutation={{ loading: decide.loading, error: decide.error && !fieldError(decide.error, 'username') ? decide.error : null }}
      onSubmit={() => void approve()}
    >
      <Text size="sm">
        <Trans i18nKey="console.approve.check" values={{ name, code: request.userCode }} components={{ b: <b />, code: <Text span ff="monospace" fw={700} /> }} />
      </Text>
      <Select
        label={t('console.approve.whose')}
        placeholder={t('console.users.search')}
        searchable
        data={users.options}
        value={username}
        onChange={setUsername}
        searchValue={users.typed}
        onSearchChange={users.setTyped}
        nothingFoundMessage={users.searching ? t('console.approve.searching') : t('console.approve.noUser')}
        error={fieldError(decide.error, 'username')}
        data-autofocus
        comboboxProps={{ withinPortal: true }}
      />
    </FormModal>
  );
}
