// The Users screen's forms: a new user, a user's roles, a new password. Each starts from what
// it is given; key each by its opening (useDialog) so it starts fresh.
import { useState } from 'react';
import { Checkbox, MultiSelect, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '../../../shared/admin-contract.ts';
import { ExpiryField, expiresIn } from '../../components/ExpiryField.tsx';
import { FormModal } from '../../components/modals.tsx';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';

type ModalProps = { opened: boolean; onClose: () => void };

const useRoles = () => useOperation('roles.list', {}, { refreshOn: ['role.changed'] }).data ?? [];

export function CreateUserModal({ opened, onClose, onCreated }: ModalProps & { onCreated: (user: User) => void }) {
  const create = useMutation('users.create');
  const roleOptions = useRoles().map((r) => ({ value: r.name, label: r.description ? `${r.name} — ${r.description}` : r.name }));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [expires, setExpires] = useState<number | null>(null);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New user"
      submitLabel="Create user"
      loading={create.loading}
      error={create.error}
      onSubmit={async () => {
        const user = await create.run({ username: username.trim(), password, roles, ...(expires ? { expiresAt: expiresIn(expires) } : {}) });
        if (user) onCreated(user);
      }}
    >
      <TextInput label="Username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={fieldError(create.error, 'username')} autoComplete="off" data-autofocus />
      <PasswordInput
        label="Password"
        description="At least 8 characters. Tell the person in person, not by email."
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        error={fieldError(create.error, 'password')}
        autoComplete="new-password"
      />
      <MultiSelect label="Roles" description="What this person may do." data={roleOptions} value={roles} onChange={setRoles} error={fieldError(create.error, 'roles')} searchable />
      <ExpiryField label="Account ends" description="For a guest: the account stops working then, everywhere at once." value={expires} onChange={setExpires} error={fieldError(create.error, 'expiresAt')} />
    </FormModal>
  );
}

export function RolesModal({ user, opened, onClose }: ModalProps & { user: User }) {
  const update = useMutation('users.update');
  const roles = useRoles();
  const [value, setValue] = useState(user.roles);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={`Roles of ${user.username}`}
      submitLabel="Save roles"
      loading={update.loading}
      error={update.error}
      onSubmit={async () => {
        const result = await update.run({ id: user.id, roles: value });
        if (result) {
          notifications.show({ color: 'teal', message: `Saved the roles of ${result.username}.` });
          onClose();
        }
      }}
    >
      <Checkbox.Group value={value} onChange={setValue} label="Roles" error={fieldError(update.error, 'roles')}>
        <Stack gap="xs" mt="xs">
          {roles.map((r) => (
            <Checkbox key={r.name} value={r.name} label={r.name} description={`${r.description ? `${r.description} · ` : ''}${r.scopes.join(' ') || 'no scopes'}`} />
          ))}
        </Stack>
      </Checkbox.Group>
    </FormModal>
  );
}

export function PasswordModal({ user, opened, onClose }: ModalProps & { user: User }) {
  const set = useMutation('users.setPassword');
  const [password, setPassword] = useState('');
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={`New password for ${user.username}`}
      submitLabel="Set password"
      loading={set.loading}
      error={set.error}
      onSubmit={async () => {
        const result = await set.run({ id: user.id, password });
        if (result) {
          notifications.show({ color: 'teal', message: `The password of ${result.username} was changed.` });
          onClose();
        }
      }}
    >
      <PasswordInput label="New password" description="At least 8 characters." value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldError(set.error, 'password')} autoComplete="new-password" data-autofocus />
    </FormModal>
  );
}
