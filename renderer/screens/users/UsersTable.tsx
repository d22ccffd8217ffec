// The users list: username, roles, second factors, last sign-in, status, and each row's actions menu.
import { Badge, Group, Menu, Table, Text } from '@mantine/core';
import { ADMIN_ROLE, type User } from '../../../shared/admin-contract.ts';
import { ListTable, RowMenu } from '../../components/table.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { SecondFactorBadges, hasSecondFactor } from './SecondFactors.tsx';

export type UserActions = {
  roles: (u: User) => void;
  password: (u: User) => void;
  toggle: (u: User) => void;
  unlock: (u: User) => void;
  revoke: (u: User) => void;
  personalTokens: (u: User) => void;
  resetSecondFactors: (u: User) => void;
  remove: (u: User) => void;
};

function Roles({ roles }: { roles: string[] }) {
  if (!roles.length)
    return (
      <Text size="sm" c="dimmed">
        none
      </Text>
    );
  return (
    <Group gap={4}>
      {roles.map((r) => (
        <Badge key={r} variant="light" color={r === ADMIN_ROLE ? 'red' : 'blue'} style={{ textTransform: 'none' }}>
          {r}
        </Badge>
      ))}
    </Group>
  );
}

function UserRow({ user: u, actions }: { user: User; actions: UserActions }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600}>{u.username}</Text>
        {u.expiresAt ? (
          <Text size="xs" c="dimmed" title={formatTime(u.expiresAt)}>
            guest until {formatTime(u.expiresAt)}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Roles roles={u.roles} />
      </Table.Td>
      <Table.Td>
        <SecondFactorBadges factors={u.secondFactors} />
      </Table.Td>
      <Table.Td>{formatAgo(u.lastLoginAt)}</Table.Td>
      <Table.Td>
        {u.disabled ? (
          <Badge color="gray">disabled</Badge>
        ) : (
          <Badge color="teal" variant="light">
            active
          </Badge>
        )}
      </Table.Td>
      <Table.Td>
        <RowMenu label={`Actions for ${u.username}`} onDelete={() => actions.remove(u)}>
          <Menu.Item onClick={() => actions.roles(u)}>Roles…</Menu.Item>
          <Menu.Item onClick={() => actions.password(u)}>Reset password…</Menu.Item>
          <Menu.Item onClick={() => actions.toggle(u)}>{u.disabled ? 'Enable' : 'Disable'}</Menu.Item>
          <Menu.Item onClick={() => actions.unlock(u)}>Forget failed sign-ins</Menu.Item>
          <Menu.Item onClick={() => actions.revoke(u)}>Revoke all tokens…</Menu.Item>
          <Menu.Item onClick={() => actions.personalTokens(u)}>Personal access tokens…</Menu.Item>
          <Menu.Item disabled={!hasSecondFactor(u.secondFactors)} onClick={() => actions.resetSecondFactors(u)}>
            Reset second factors…
          </Menu.Item>
        </RowMenu>
      </Table.Td>
    </Table.Tr>
  );
}

export function UsersTable({ users, actions }: { users: User[]; actions: UserActions }) {
  return (
    <ListTable minWidth={700} columns={['Username', 'Roles', 'Second factor', 'Last sign-in', 'Status']}>
      {users.map((u) => (
        <UserRow key={u.id} user={u} actions={actions} />
      ))}
    </ListTable>
  );
}
