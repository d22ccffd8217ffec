// The backups in the hub's folder, newest first, each with Download, Restore… and Delete….
import { Badge, Group, Menu, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconDownload, IconRestore, IconTrash } from '@tabler/icons-react';
import type { BackupInfo } from '../../../shared/admin-contract.ts';
import { RowMenu, TableCard } from '../../components/table.tsx';
import { formatAgo, formatTime } from '../../lib/format.ts';

const KIND_LABEL = { auto: 'console.backups.kindAuto', manual: 'console.backups.kindManual', upload: 'console.backups.kindUpload' } as const satisfies Record<BackupInfo['kind'], string>;

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function BackupTable(props: { items: BackupInfo[]; onDownload: (backup: BackupInfo) => void; onRestore: (backup: BackupInfo) => void; onDelete: (backup: BackupInfo) => void }) {
  const { t } = useTranslation();
  if (props.items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('console.backups.none')}
      </Text>
    );
  }
  return (
    <TableCard minWidth={560} verticalSpacing={6} fz="sm" aria-label={t('console.backups.title')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('console.backups.taken')}</Table.Th>
          <Table.Th>{t('console.backups.kind')}</Table.Th>
          <Table.Th>{t('console.backups.size')}</Table.Th>
          <Table.Th>
            <VisuallyHidden>{t('console.backups.actions')}</VisuallyHidden>
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
                  {t(KIND_LABEL[backup.kind])}
                </Badge>
                {backup.encrypted ? (
                  <Badge variant="light" color="teal" tt="none">
                    {t('console.backups.encrypted')}
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>{formatSize(backup.size)}</Table.Td>
            <Table.Td ta="right">
              <RowMenu label={t('console.backups.actionsFor', { time: formatTime(backup.createdAt) })}>
                <Menu.Item leftSection={<IconDownload size={16} aria-hidden />} onClick={() => props.onDownload(backup)}>
                  {t('console.backups.download')}
                </Menu.Item>
                <Menu.Item leftSection={<IconRestore size={16} aria-hidden />} onClick={() => props.onRestore(backup)}>
                  {t('console.backups.restore')}
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => props.onDelete(backup)}>
                  {t('console.backups.delete')}
                </Menu.Item>
              </RowMenu>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </TableCard>
  );
}
