// The Users screen's forms: a new user, a user's roles, a new password. Each starts from what
// it is given; key each by its opening (useDialog) so it starts fresh.
import { useState } from 'react';
import { Checkbox, MultiSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { User } from '../../../shared/admin-contract.ts';
import { ExpiryField, expiresIn } from '../../components/ExpiryField.tsx';
import { FormModal, type OpenDialog } from '../../components/modals.tsx';
import { fieldError, useMutation, useSave } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { useTranslation } from 'react-i18next';

const useRoles = () => useOperation('roles.list', {}, { refreshOn: ['role.changed'] }).data ?? [];

export function CreateUserModal({ onCreated, ...dialog }: OpenDialog & { onCreated: (user: User) => void }) {
  const create = useMutation('users.create');
  const { t } = useTranslation();
  const roleOptions = useRoles().map((r) => ({ value: r.name, label: r.description ? `${r.name} — ${r.description}` : r.name }));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [expires, setExpires] = useState<number | null>(null);
  return (
    <FormModal
      {...dialog}
      title={t('console.users.new')}
      submitLabel={t('console.users.createSubmit')}
      mutation={create}
      onSubmit={async () => {
        const user = await create.run({ username: username.trim(), password, roles, ...(expires ? { expiresAt: expiresIn(expires) } : {}) });
        if (user) onCreated(user);
      }}
    >
      <TextInput label={t('console.users.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={fieldError(create.error, 'username')} autoComplete="off" data-autofocus />
      <PasswordInput
        label={t('console.users.password')}
        description={t('console.users.passwordHelp')}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={fieldError(create.error, 'password')}
        autoComplete="new-password"
      />
      <MultiSelect label={t('console.nav.roles')} description={t('console.users.rolesHelp')} data={roleOptions} value={roles} onChange={setRoles} error={fieldError(create.error, 'roles')} searchable />
      <ExpiryField label={t('console.users.expires')} description={t('console.users.expiresHelp')} value={expires} onChange={setExpires} error={fieldError(create.error, 'expiresAt')} />
    </FormModal>
  );
}

export function RolesModal({ user, ...dialog }: OpenDialog & { user: User }) {
  const { t } = useTranslation();
  const update = useSave('users.update', (result) => t('console.users.rolesSaved', { name: result.username }), dialog.onClose);
  const roles = useRoles();
  const [value, setValue] = useState(user.roles);
  return (
    <FormModal
      {...dialog}
      title={t('console.users.rolesOf', { name: user.username })}
      submitLabel={t('console.users.saveRoles')}
      mutation={update}
      onSubmit={() => void update.save({ id: user.id, roles: value })}
    >
      <Checkbox.Group value={value} onChange={setValue} label={t('console.nav.roles')} error={fieldError(update.error, 'roles')}>
        <Stack gap="xs" mt="xs">
          {roles.map((r) => (
            <Checkbox key={r.name} value={r.name} label={r.name} description={`${r.description ? `${r.description} · ` : ''}${r.scopes.join(' ') || t('console.roles.noScopes')}`} />
          ))}
        </Stack>
      </Checkbox.Group>
    </FormModal>
  );
}

export function PasswordModal({ user, ...dialog }: OpenDialog & { user: User }) {
  const { t } = useTranslation();
  const set = useSave('users.setPassword', (result) => t('console.users.passwordChanged', { name: result.username }), dialog.onClose);
  const [password, setPassword] = useState('');
  return (
    <FormModal
      {...dialog}
      title={t('console.users.newPasswordFor', { name: user.username })}
      submitLabel={t('console.users.setPassword')}
      mutation={set}
      onSubmit={() => void set.save({ id: user.id, password })}
    >
      <PasswordInput label={t('console.users.newPassword')} description={t('console.users.minLength')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(set.error, 'password')} autoComplete="new-password" data-autofocus />
    </FormModal>
  );
}
