// Roles: a role is a set of scopes. The matrix grants and withdraws scopes per role (saved at
// once); roles and scopes are added here, and roles nobody holds deleted.
import { Button, EmptyState, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconShieldLock } from '@tabler/icons-react';
import type { Role } from '../../shared/admin-contract.ts';
import { useConfirmedAction } from '../lib/confirm.ts';
import { useDialog } from '../lib/dialog.ts';
import { useOperation } from '../lib/operation.ts';
import { ErrorAlert, PageHeader } from '../components/common.tsx';
import { ConfirmModal } from '../components/modals.tsx';
import { AddScopeModal, CreateRoleModal } from './roles/NameModals.tsx';
import { RoleMatrix } from './roles/RoleMatrix.tsx';
import { useRoleMatrix } from './roles/useRoleMatrix.ts';
import { useTranslation } from 'react-i18next';

export function Roles() {
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed', 'user.changed'] });
  const scopes = useOperation('scopes.list', {}, { refreshOn: ['role.changed'] });
  const matrix = useRoleMatrix(roles.data);
  const creating = useDialog();
  const { t } = useTranslation();
  const addingScope = useDialog();
  const reload = () => {
    roles.reload();
    scopes.reload();
  };
  const deleting = useConfirmedAction(
    'roles.delete',
    (r: Role) => ({ name: r.name }),
    (_, r) => {
      notifications.show({ color: 'teal', message: t('console.roles.deleted', { name: r.name }) });
      reload();
    },
  );
  const roleList = roles.data ?? [];
  const scopeList = scopes.data ?? [];
  const held = deleting.target?.userCount ?? 0;
  return (
    <Stack>
      <PageHeader
        title={t('console.nav.roles')}
        description={t('console.roles.description')}
        actions={
          <>
            <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => addingScope.open(true)}>
              {t('console.roles.newScope')}
            </Button>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => creating.open(true)}>
              {t('console.roles.newRole')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={roles.error ?? scopes.error} />
      <ErrorAlert error={matrix.error} title={t('console.roles.notSaved')} onClose={matrix.clearError} />
      {roles.data && scopes.data && scopeList.length === 0 ? (
        <EmptyState icon={<IconShieldLock aria-hidden />} title={t('console.roles.noScopesTitle')} description={t('console.roles.noScopesText')}>
          <EmptyState.Actions>
            <Button onClick={() => addingScope.open(true)}>{t('console.roles.addScope')}</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : null}
      {roleList.length && scopeList.length ? <RoleMatrix roles={roleList} scopes={scopeList} matrix={matrix} onDelete={deleting.ask} /> : null}
      <CreateRoleModal
        key={`role-${creating.key}`}
        opened={creating.opened}
        onClose={creating.close}
        onDone={() => {
          creating.close();
          reload();
        }}
      />
      <AddScopeModal
        key={`scope-${addingScope.key}`}
        opened={addingScope.opened}
        onClose={addingScope.close}
        onDone={() => {
          addingScope.close();
          reload();
        }}
      />
      <ConfirmModal {...deleting.modal} title={t('console.roles.deleteTitle', { name: deleting.target?.name ?? '' })} confirmLabel={t('console.roles.delete')}>
        <Text size="sm">{held ? t('console.roles.held', { count: held }) : t('console.roles.nobody')}</Text>
      </ConfirmModal>
    </Stack>
  );
}
