// The backups in the hub's folder, newest first, each with Download, Restore… and Delete….
import { Badge, Group, Menu, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconDownload, IconRestore, IconTrash } from '@tabler/icons-react';
import type { BackupInfo } from '../../../shared/admin-contract.ts';
import { RowMenu, TableCard } from '../../components/table.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';

const KIND_LABEL: Record<BackupInfo['kind'], string> = { auto: 'automatic', manual: 'manual', upload: 'uploaded' };

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function BackupTable(props: { items: BackupInfo[]; onDownload: (backup: BackupInfo) => void; onRestore: (backup: BackupInfo) => void; onDelete: (backup: BackupInfo) => void }) {
  if (props.items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No backups yet. Back up now, or wait for the first automatic one.
      </Text>
    );
  }
  return (
    <TableCard minWidth={560} verticalSpacing={6} fz="sm" aria-label="Backups">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Taken</Table.Th>
          <Table.Th>Kind</Table.Th>
          <Table.Th>Size</Table.Th>
          <Table.Th>
            <VisuallyHidden>Actions</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.items.map((backup) => (
          <Table.Tr key={backup.name}>
            <Table.Td>
              <Text size="sm">{formatTime(backup.createdAt)}</Text>
              <Text size="xs" c="dimmed">
                {formatAgo(backup.createdAt)} · {backup.name}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                <Badge variant="light" color="gray" tt="none">
                  {KIND_LABEL[backup.kind]}
                </Badge>
                {backup.encrypted ? (
                  <Badge variant="light" color="teal" tt="none">
                    encrypted
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>{formatSize(backup.size)}</Table.Td>
            <Table.Td ta="right">
              <RowMenu label={`Actions for the backup of ${formatTime(backup.createdAt)}`}>
                <Menu.Item leftSection={<IconDownload size={16} aria-hidden />} onClick={() => props.onDownload(backup)}>
                  Download
                </Menu.Item>
                <Menu.Item leftSection={<IconRestore size={16} aria-hidden />} onClick={() => props.onRestore(backup)}>
                  Restore…
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => props.onDelete(backup)}>
                  Delete…
                </Menu.Item>
              </RowMenu>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </TableCard>
  );
}
