// Settings → Backups: the last backup and the schedule, "Back up now", the backups in the hub's
// folder (download, restore, delete), and restoring a file from this computer.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Group, Loader, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDatabaseExport, IconUpload } from '@tabler/icons-react';
import type { BackupInfo, EventType, OperationOutput } from '../../../shared/admin-contract.ts';
import { callOrThrow, toAdminError, useApi } from '../../lib/api.tsx';
import { useOperation } from '../../lib/operation.ts';
import { useConfirmedAction } from '../../lib/confirm.ts';
import { useDialog } from '../../lib/dialog.ts';
import { ConfirmModal } from '../../components/modals.tsx';
import { formatTime } from '../../lib/format.ts';
import { BackupNowModal } from './BackupNowModal.tsx';
import { BackupSummary } from './BackupSummary.tsx';
import { BackupSchedule } from './BackupSchedule.tsx';
import { BackupTable, formatSize } from './BackupTable.tsx';
import { RestoreBackupModal } from './RestoreBackupModal.tsx';
import { downloadBackup, saveFile, uploadBackup } from './transfer.ts';
import { useHubRestart } from './useHubRestart.ts';

const BACKUP_EVENTS: EventType[] = ['backup.created', 'backup.deleted', 'backup.failed', 'backup.restored', 'settings.changed'];

/** What became of a restored backup's keys, as the catalogs say it. */
const KEYS = { kept: 'console.backups.keysKept', carried: 'console.backups.keysCarried', new: 'console.backups.keysNew' } as const satisfies Record<OperationOutput<'backups.restore'>['keys'], string>;

export function Backups() {
  const { t } = useTranslation();
  const api = useApi();
  const list = useOperation('backups.list', {}, { refreshOn: BACKUP_EVENTS });
  const backingUp = useDialog();
  const restoring = useDialog<BackupInfo>();
  const [transfer, setTransfer] = useState<{ label: string; done: number; total: number } | null>(null);
  const [restarted, setRestarted] = useState<string | null>(null);
  const restart = useHubRestart();
  const remove = useConfirmedAction('backups.delete', (backup: BackupInfo) => ({ name: backup.name }), () => list.reload());
  const chooser = useRef<HTMLInputElement>(null);

  const run = async (label: string, work: (progress: (done: number, total: number) => void) => Promise<void>) => {
    setTransfer({ label, done: 0, total: 1 });
    try {
      await work((done, total) => setTransfer({ label, done, total }));
    } catch (cause) {
      notifications.show({ color: 'red', message: toAdminError(cause).message });
    } finally {
      setTransfer(null);
    }
  };
  const download = (backup: BackupInfo) => void run(t('console.backups.downloading', { name: backup.name }), async (progress) => saveFile(await downloadBackup(api, backup.name, progress), backup.name));
  const upload = (file: File) =>
    void run(t('console.backups.uploading', { name: file.name }), async (progress) => {
      const backup = await uploadBackup(api, file, progress);
      list.reload();
      restoring.open(backup);
    });
  const restarting = async (result: OperationOutput<'backups.restore'>, backup: BackupInfo) => {
    const status = await callOrThrow(api, 'status.get', {}).catch(() => null);
    restoring.close();
    const unreadable = result.unreadableAuthenticators > 0 ? ` ${t('console.backups.authenticatorsUnreadable', { count: result.unreadableAuthenticators })}` : '';
    setRestarted(`${backup.name}. ${t(KEYS[result.keys])}${unreadable}`);
    if (status) restart.wait(status.startedAt);
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="backups-heading">
      <Stack>
        <div>
          <Title id="backups-heading" order={2} size="h4">
            {t('console.backups.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('console.backups.intro')} {list.data ? t('console.backups.keptIn', { folder: list.data.folder }) : ''}
          </Text>
        </div>
        <BackupSummary restored={restarted} restart={restart.state} status={list.data?.status} listError={list.error} />
        <BackupSchedule />
        <Group>
          <Button leftSection={<IconDatabaseExport size={16} aria-hidden />} onClick={() => backingUp.open(true)}>
            {t('console.backups.backUpNow')}
          </Button>
          <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} onClick={() => chooser.current?.click()} disabled={!!transfer}>
            {t('console.backups.restoreFromFile')}
          </Button>
          <input
            ref={chooser}
            type="file"
            hidden
            aria-label={t('console.backups.fileToRestore')}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) upload(file);
            }}
          />
        </Group>
        {transfer ? <Progress value={(100 * transfer.done) / Math.max(1, transfer.total)} aria-label={transfer.label} animated /> : null}
        {list.loading && !list.data ? <Loader size="sm" aria-label={t('console.backups.loading')} /> : null}
        {list.data ? <BackupTable items={list.data.items} onDownload={download} onRestore={restoring.open} onDelete={remove.ask} /> : null}
      </Stack>
      <BackupNowModal
        key={backingUp.key}
        opened={backingUp.opened}
        onClose={backingUp.close}
        onDone={(result) => {
          backingUp.close();
          list.reload();
          notifications.show({ color: 'teal', message: t('console.backups.written', { name: result.backup.name, size: formatSize(result.backup.size) }) });
        }}
      />
      <RestoreBackupModal key={restoring.key} opened={restoring.opened} backup={restoring.target} onClose={restoring.close} onRestarting={(result, backup) => void restarting(result, backup)} />
      <ConfirmModal {...remove.modal} title={t('console.backups.deleteTitle')} confirmLabel={t('console.backups.deleteConfirm')}>
        {remove.target ? t('console.backups.deleteText', { time: formatTime(remove.target.createdAt), name: remove.target.name }) : null}
      </ConfirmModal>
    </Card>
  );
}
