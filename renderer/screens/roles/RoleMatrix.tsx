// Which roles grant which scopes, as a table of checkboxes: a column per role (with its user
// count and, unless built in, a Delete action), a row per scope, and a last row for which roles
// applications may give to the users they create.
import { Badge, Checkbox, Group, Menu, Table, Text, Tooltip } from '@mantine/core';
import type { Role, Scope } from '../../../shared/admin-contract.ts';
import { CONSOLE_SCOPE } from '../../../shared/transport.ts';
import { RowMenu, TableCard } from '../../components/table.tsx';
import type { useRoleMatrix } from './useRoleMatrix.ts';
import { useTranslation } from 'react-i18next';

function RoleHeader({ role: r, onDelete }: { role: Role; onDelete: (role: Role) => void }) {
  const { t } = useTranslation();
  const users = t('console.roles.users', { count: r.userCount });
  return (
    <Table.Th scope="col" style={{ textAlign: 'center', minWidth: 120 }}>
      <Group gap={4} justify="center" wrap="nowrap">
        <Tooltip label={`${r.description || r.name} · ${users}`}>
          <Text fw={700} size="sm">
            {r.name}
          </Text>
        </Tooltip>
        {r.builtin ? (
          <Badge size="xs" variant="outline">
            {t('console.roles.builtIn')}
          </Badge>
        ) : (
          <RowMenu small label={t('console.roles.actionsFor', { name: r.name })}>
            <Menu.Item color="red" onClick={() => onDelete(r)}>
              {t('console.roles.deleteMenu')}
            </Menu.Item>
          </RowMenu>
        )}
      </Group>
      <Text size="xs" c="dimmed" fw={400}>
        {users}
      </Text>
    </Table.Th>
  );
}

function ScopeRow({ scope: s, roles, matrix }: { scope: Scope; roles: Role[]; matrix: ReturnType<typeof useRoleMatrix> }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
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
      {roles.map((r) => (
        <Table.Td key={r.name} style={{ textAlign: 'center' }}>
          <Checkbox
            styles={{ body: { justifyContent: 'center' } }}
            checked={matrix.scopesOf(r).includes(s.name)}
            disabled={matrix.isSaving(r, s.name)}
            onChange={(e) => void matrix.toggle(r, s.name, e.currentTarget.checked)}
            aria-label={t('console.roles.grants', { role: r.name, scope: s.name })}
          />
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

/**
 * Applications holding users:create may give a role only if it is ticked here. A role that opens
 * the console never can (the hub refuses it), so its box is shown off and disabled.
 */
function AssignableRow({ roles, matrix }: { roles: Role[]; matrix: ReturnType<typeof useRoleMatrix> }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400}>
        <Text size="sm">{t('console.roles.assignable')}</Text>
        <Text size="xs" c="dimmed">
          {t('console.roles.assignableHelp')}
        </Text>
      </Table.Th>
      {roles.map((r) => {
        const opensConsole = matrix.scopesOf(r).includes(CONSOLE_SCOPE);
        return (
          <Table.Td key={r.name} style={{ textAlign: 'center' }}>
            <Checkbox
              styles={{ body: { justifyContent: 'center' } }}
              checked={!opensConsole && matrix.assignableOf(r)}
              disabled={opensConsole || matrix.isSavingAssignable(r)}
              onChange={(e) => void matrix.setAssignable(r, e.currentTarget.checked)}
              aria-label={opensConsole ? t('console.roles.neverAssignable', { name: r.name }) : t('console.roles.assignableRole', { name: r.name })}
            />
          </Table.Td>
        );
      })}
    </Table.Tr>
  );
}

export function RoleMatrix({ roles, scopes, matrix, onDelete }: { roles: Role[]; scopes: Scope[]; matrix: ReturnType<typeof useRoleMatrix>; onDelete: (role: Role) => void }) {
  const { t } = useTranslation();
  return (
    <TableCard minWidth={200 + roles.length * 130} withColumnBorders highlightOnHover verticalSpacing="xs" aria-label={t('console.roles.matrix')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{t('console.roles.scope')}</Table.Th>
          {roles.map((r) => (
            <RoleHeader key={r.name} role={r} onDelete={onDelete} />
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {scopes.map((s) => (
          <ScopeRow key={s.name} scope={s} roles={roles} matrix={matrix} />
        ))}
      </Table.Tbody>
      <Table.Tfoot>
        <AssignableRow roles={roles} matrix={matrix} />
      </Table.Tfoot>
    </TableCard>
  );
}
