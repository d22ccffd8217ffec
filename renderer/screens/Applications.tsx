// Applications: every website, app, device and service allowed to ask the hub for tokens —
// searched on the hub, created with a wizard, edited, their secrets rotated, disabled, deleted.
import { useState } from 'react';
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconApps, IconPlus, IconSearch } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../shared/admin-contract.ts';
import { usePaged } from '../lib/paged.ts';
import { useDialog } from '../lib/dialog.ts';
import { useDisableToggle } from '../lib/disable.ts';
import { useConfirmedAction } from '../lib/confirm.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { ListEmptyState } from '../components/empty.tsx';
import { ConfirmModal, TypedConfirmModal } from '../components/modals.tsx';
import { SearchInput, useSearch } from '../components/search.tsx';
import { SecretModal } from '../components/SecretModal.tsx';
import { LoadMoreButton } from '../components/table.tsx';
import { ApplicationsTable } from './applications/ApplicationsTable.tsx';
import { CreateApplicationWizard } from './applications/CreateApplicationWizard.tsx';
import { EditApplicationModal } from './applications/EditApplicationModal.tsx';

const clientKey = (c: Client) => c.clientId;

export function Applications() {
  const search = useSearch();
  const { query } = search;
  const list = usePaged('clients.list', { ...(query ? { query } : {}), limit: 100 }, { refreshOn: ['client.changed', 'token.issued', 'token.revoked'], key: clientKey });
  const creating = useDialog();
  const { t } = useTranslation();
  const editing = useDialog<Client>();
  const [secret, setSecret] = useState<{ clientId: string; value: string } | null>(null);
  const rotating = useConfirmedAction('clients.rotateSecret', (c: Client) => ({ clientId: c.clientId }), (result) => setSecret({ clientId: result.clientId, value: result.clientSecret }));
  const deleting = useConfirmedAction(
    'clients.delete',
    (c: Client) => ({ clientId: c.clientId }),
    (_, c) => {
      notifications.show({ color: 'teal', message: t('console.common.deleted', { name: c.name }) });
      list.reload();
    },
  );
  const disabling = useDisableToggle(
    'clients.update',
    {
      name: (c: Client) => c.name,
      input: (c: Client, disabled) => ({ clientId: c.clientId, disabled }),
      done: (c) => t(c.disabled ? 'console.applications.nowDisabled' : 'console.applications.nowEnabled', { name: c.name }),
    },
    list.reload,
  );
  const newApplication = () => creating.open(true);

  return (
    <Stack>
      <PageHeader
        title={t('console.nav.applications')}
        description={t('console.applications.description')}
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={newApplication}>
            {t('console.applications.new')}
          </Button>
        }
      />
      <SearchInput search={search} label={t('console.applications.search')} placeholder={t('console.applications.searchPlaceholder')} />
      <ErrorAlert error={list.error ?? disabling.error} onClose={disabling.error ? disabling.reset : undefined} />
      {list.loaded && list.items.length === 0 && !list.error ? (
        <ListEmptyState
          filtered={!!query}
          icon={<IconApps aria-hidden />}
          empty={{ title: t('console.applications.emptyTitle'), description: t('console.applications.emptyText') }}
          noMatch={{ icon: <IconSearch aria-hidden />, title: t('console.applications.noMatchTitle'), description: t('console.applications.noMatchText', { query }) }}
          action={<Button onClick={newApplication}>{t('console.applications.create')}</Button>}
        />
      ) : null}
      {list.items.length ? (
        <ApplicationsTable clients={list.items} actions={{ edit: editing.open, rotate: rotating.ask, toggle: (c) => void disabling.toggle(c), remove: deleting.ask }} />
      ) : null}
      <LoadMoreButton list={list} />

      <CreateApplicationWizard
        key={creating.key}
        opened={creating.opened}
        onClose={creating.close}
        onCreated={(client, clientSecret) => {
          creating.close();
          notifications.show({ color: 'teal', message: t('console.common.created', { name: client.name }) });
          if (clientSecret) setSecret({ clientId: client.clientId, value: clientSecret });
          list.reload();
        }}
      />
      {editing.target ? <EditApplicationModal key={editing.key} client={editing.target} opened={editing.opened} onClose={editing.close} /> : null}
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <ConfirmModal {...rotating.modal} title={t('console.applications.rotateTitle', { name: rotating.target?.name ?? '' })} confirmLabel={t('console.applications.rotate')} color="orange">
        <Text size="sm">{t('console.applications.rotateText')}</Text>
      </ConfirmModal>
      <TypedConfirmModal {...deleting.modal} title={t('console.common.deleteTitle', { name: deleting.target?.name ?? '' })} word={deleting.target?.name ?? ''} confirmLabel={t('console.applications.delete')}>
        <Text size="sm">{t('console.applications.deleteText', { count: deleting.target?.liveTokens ?? 0 })}</Text>
      </TypedConfirmModal>
    </Stack>
  );
}
