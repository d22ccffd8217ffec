// Restoring a backup from the console: what it replaces, its passphrase if it is encrypted, and
// the word typed to confirm. The hub then restarts on the restored data. The parent mounts it
// afresh for each opening (useDialog's key), so the form starts empty.
import { useState } from 'react';
import { Alert, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { RESTORE_CONFIRMATION, type BackupInfo, type OperationOutput } from '../../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { TypedConfirmModal } from '../../components/modals.tsx';
import { formatTime } from '../../lib/format.ts';

export function RestoreBackupModal({ opened, backup, onClose, onRestarting }: { opened: boolean; backup: BackupInfo | null; onClose: () => void; onRestarting: (result: OperationOutput<'backups.restore'>, backup: BackupInfo) => void }) {
  const restore = useMutation('backups.restore');
  const [passphrase, setPassphrase] = useState('');

  const confirm = async () => {
    if (!backup) return;
    const result = await restore.run({ name: backup.name, confirm: RESTORE_CONFIRMATION, ...(backup.encrypted ? { passphrase } : {}) });
    if (result) onRestarting(result, backup);
  };
  return (
    <TypedConfirmModal opened={opened} title="Restore this backup?" word={RESTORE_CONFIRMATION} confirmLabel="Restore and restart" loading={restore.loading} error={restore.error} onConfirm={() => void confirm()} onClose={onClose}>
      {backup ? (
        <Stack gap="sm">
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Everything since then is lost">
            The hub goes back to {formatTime(backup.createdAt)}: applications, users and tokens created since disappear, and tokens issued since stop working. The current data is kept beside it as a dated copy.
          </Alert>
          <Text size="sm">The hub checks the file first, then restarts on it; this page reloads when it is back, and you may have to sign in again.</Text>
          {backup.encrypted ? (
            <PasswordInput label="Passphrase of this backup" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} error={fieldError(restore.error, 'passphrase')} autoComplete="off" />
          ) : null}
        </Stack>
      ) : null}
    </TypedConfirmModal>
  );
}
