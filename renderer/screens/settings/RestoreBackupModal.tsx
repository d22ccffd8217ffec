// Restoring a backup from the console: what it replaces, its passphrase if it is encrypted, and
// the word typed to confirm. The hub then restarts on the restored data. The parent mounts it
// afresh for each opening (useDialog's key), so the form starts empty.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { RESTORE_CONFIRMATION, type BackupInfo, type OperationOutput } from '../../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { TypedConfirmModal } from '../../components/modals.tsx';
import { formatTime } from '../../lib/format.ts';

export function RestoreBackupModal({ opened, backup, onClose, onRestarting }: { opened: boolean; backup: BackupInfo | null; onClose: () => void; onRestarting: (result: OperationOutput<'backups.restore'>, backup: BackupInfo) => void }) {
  const { t } = useTranslation();
  const restore = useMutation('backups.restore');
  const [passphrase, setPassphrase] = useState('');

  const confirm = async () => {
    if (!backup) return;
    const result = await restore.run({ name: backup.name, confirm: RESTORE_CONFIRMATION, ...(backup.encrypted ? { passphrase } : {}) });
    if (result) onRestarting(result, backup);
  };
  return (
    <TypedConfirmModal opened={opened} title={t('console.backups.restoreTitle')} word={RESTORE_CONFIRMATION} confirmLabel={t('console.backups.restoreConfirm')} loading={restore.loading} error={restore.error} onConfirm={() => void confirm()} onClose={onClose}>
      {backup ? (
        <Stack gap="sm">
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('console.backups.lostTitle')}>
            {t('console.backups.lostText', { time: formatTime(backup.createdAt) })}
          </Alert>
          <Text size="sm">{t('console.backups.restoreText')}</Text>
          {backup.encrypted ? (
            <PasswordInput label={t('console.backups.restorePassphrase')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} error={fieldError(restore.error, 'passphrase')} autoComplete="off" />
          ) : null}
        </Stack>
      ) : null}
    </TypedConfirmModal>
  );
}
