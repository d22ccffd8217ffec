import { useEffect, useState } from 'react';
import { Badge, Button, Checkbox, EmptyState, Group, Menu, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconShieldLock } from '@tabler/icons-react';
import type { AdminError, Role } from '../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi } from '../lib/api.tsx';
import { fieldError, useMutation } from '../lib/mutation.ts';
import { useOperation } from '../lib/operation.ts';
import { ConfirmModal, ErrorAlert, FormModal, PageHeader } from '../components/common.tsx';
import { useConfirmedAction } from '../lib/confirm.ts';
import { RowMenu, TableCard } from '../components/table.tsx';

function CreateRoleModal({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const create = useMutation('roles.create');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  useEffect(() => {
    if (opened) {
      setName('');
      setDescription('');
      create.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New role"
      submitLabel="Create role"
      loading={create.loading}
      error={create.error}
      onSubmit={async () => {
        const role = await create.run({ name: name.trim(), description });
        if (role) {
          notifications.show({ color: 'teal', message: `Created the role ${role.name}. Tick the scopes it grants in the matrix.` });
          onDone();
        }
      }}
    >
      <TextInput label="Name" placeholder="family" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-autofocus />
      <TextInput label="Description" placeholder="People who live here" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(create.error, 'description')} />
    </FormModal>
  );
}

function AddScopeModal({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: () => void }) {
  const upsert = useMutation('scopes.upsert');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  useEffect(() => {
    if (opened) {
      setName('');
      setDescription('');
      upsert.reset();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title="New scope"
      submitLabel="Add scope"
      loading={upsert.loading}
      error={upsert.error}
      onSubmit={async () => {
        const scope = await upsert.run({ name: name.trim(), description });
        if (scope) {
          notifications.show({ color: 'teal', message: `Added the scope ${scope.name}.` });
          onDone();
        }
      }}
    >
      <TextInput
        label="Scope"
        description="A permission an application can ask for, like sensors:read."
        placeholder="sensors:read"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={fieldError(upsert.error, 'name')}
        data-autofocus
      />
      <TextInput label="Description" placeholder="Read sensor values" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={fieldError(upsert.error, 'description')} />
    </FormModal>
  );
}

export function Roles() {
  const api = useApi();
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed', 'user.changed'] });
  const scopes = useOperation('scopes.list', {}, { refreshOn: ['role.changed'] });
  const [overrides, setOverrides] = useState<Record<string, string[]>>({});
  const [pending, setPending] = useState<Set<string>>(new Set());
  const [matrixError, setMatrixError] = useState<AdminError | null>(null);
  const [creating, setCreating] = useState(false);
  const [addingScope, setAddingScope] = useState(false);

  useEffect(() => setOverrides({}), [roles.data]);
  const reload = () => {
    roles.reload();
    scopes.reload();
  };
  const deleting = useConfirmedAction(
    'roles.delete',
    (r: Role) => ({ name: r.name }),
    (_, r) => {
      notifications.show({ color: 'teal', message: `Deleted the role ${r.name}.` });
      reload();
    },
  );

  const scopesOf = (role: Role) => overrides[role.name] ?? role.scopes;
  const toggle = async (role: Role, scope: string, on: boolean) => {
    const cell = `${role.name}\u0000${scope}`;
    const current = scopesOf(role);
    const next = on ? [...current, scope] : current.filter((s) => s !== scope);
    setMatrixError(null);
    setOverrides((o) => ({ ...o, [role.name]: next }));
    setPending((p) => new Set(p).add(cell));
    try {
      const updated = await callOrThrow(api, 'roles.update', { name: role.name, scopes: next });
      setOverrides((o) => ({ ...o, [role.name]: updated.scopes }));
    } catch (cause) {
      setOverrides((o) => ({ ...o, [role.name]: current }));
      setMatrixError(toAdminError(cause));
    } finally {
      setPending((p) => {
        const n = new Set(p);
        n.delete(cell);
        return n;
      });
    }
  };

  const roleList = roles.data ?? [];
  const scopeList = scopes.data ?? [];
  return (
    <Stack>
      <PageHeader
        title="Roles"
        description="A role is a set of scopes. Tick a box to let everyone with that role grant the scope to applications; untick it to withdraw it. Changes save at once."
        actions={
          <>
            <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAddingScope(true)}>
              New scope
            </Button>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              New role
            </Button>
          </>
        }
      />
      <ErrorAlert error={roles.error ?? scopes.error} />
      <ErrorAlert error={matrixError} title="The change was not saved" onClose={() => setMatrixError(null)} />
      {roles.data && scopes.data && scopeList.length === 0 ? (
        <EmptyState icon={<IconShieldLock aria-hidden />} title="No scopes yet" description="Add a scope — a permission such as sensors:read — then tick which roles grant it.">
          <EmptyState.Actions>
            <Button onClick={() => setAddingScope(true)}>Add a scope</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : null}
      {roles.data && roleList.length === 0 ? (
        <EmptyState icon={<IconShieldLock aria-hidden />} title="No roles yet" description="Create a role such as “family” or “guest”, then give it scopes and assign it to users.">
          <EmptyState.Actions>
            <Button onClick={() => setCreating(true)}>Create a role</Button>
          </EmptyState.Actions>
        </EmptyState>
      ) : null}
      {roleList.length && scopeList.length ? (
        <TableCard minWidth={200 + roleList.length * 130} withColumnBorders highlightOnHover verticalSpacing="xs" aria-label="Which roles grant which scopes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Scope</Table.Th>
              {roleList.map((r) => (
                <Table.Th key={r.name} scope="col" style={{ textAlign: 'center', minWidth: 120 }}>
                  <Group gap={4} justify="center" wrap="nowrap">
                    <Tooltip label={`${r.description || r.name} · ${r.userCount} user${r.userCount === 1 ? '' : 's'}`}>
                      <Text fw={700} size="sm">
                        {r.name}
                      </Text>
                    </Tooltip>
                    {r.builtin ? (
                      <Badge size="xs" variant="outline">
                        built in
                      </Badge>
                    ) : (
                      <RowMenu small label={`Actions for role ${r.name}`}>
                        <Menu.Item color="red" onClick={() => deleting.ask(r)}>
                          Delete role…
                        </Menu.Item>
                      </RowMenu>
                    )}
                  </Group>
                  <Text size="xs" c="dimmed" fw={400}>
                    {r.userCount} user{r.userCount === 1 ? '' : 's'}
                  </Text>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {scopeList.map((s) => (
              <Table.Tr key={s.name}>
                <Table.Th scope="row" fw={400}>
                  <Text ff="monospace" size="sm">
                    {s.name}
                  </Text>
                  {s.description ? (
                    <Text size="xs" c="dimmed">
                      {s.description}
                    </Text>
                  ) : null}
                </Table.Th>
                {roleList.map((r) => {
                  const checked = scopesOf(r).includes(s.name);
                  return (
                    <Table.Td key={r.name} style={{ textAlign: 'center' }}>
                      <Checkbox
                        styles={{ body: { justifyContent: 'center' } }}
                        checked={checked}
                        disabled={pending.has(`${r.name}\u0000${s.name}`)}
                        onChange={(e) => void toggle(r, s.name, e.currentTarget.checked)}
                        aria-label={`${r.name} grants ${s.name}`}
                      />
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <CreateRoleModal
        opened={creating}
        onClose={() => setCreating(false)}
        onDone={() => {
          setCreating(false);
          reload();
        }}
      />
      <AddScopeModal
        opened={addingScope}
        onClose={() => setAddingScope(false)}
        onDone={() => {
          setAddingScope(false);
          reload();
        }}
      />
      <ConfirmModal {...deleting.modal} title={`Delete the role ${deleting.target?.name ?? ''}?`} confirmLabel="Delete role">
        <Text size="sm">
          {deleting.target?.userCount
            ? `${deleting.target.userCount} user${deleting.target.userCount === 1 ? ' holds' : 's hold'} this role; the hub will refuse until nobody does.`
            : 'Nobody holds this role.'}
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
