// "Back up now": an unencrypted backup into the hub's folder, or one sealed with a passphrase —
// the kind to download and carry to another machine, since it also carries the hub's keys. The
// parent mounts it afresh for each opening, so the form starts empty.
import { useState } from 'react';
import { Checkbox, PasswordInput, Stack, Text } from '@mantine/core';
import type { OperationOutput } from '../../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { FormModal } from '../../components/modals.tsx';

export function BackupNowModal({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: (result: OperationOutput<'backups.create'>) => void }) {
  const create = useMutation('backups.create');
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = encrypt && again !== '' && again !== passphrase;

  const submit = async () => {
    if (mismatch) return;
    const result = await create.run(encrypt ? { passphrase } : {});
    if (result) onDone(result);
  };
  return (
    <FormModal opened={opened} title="Back up now" submitLabel="Back up" loading={create.loading} error={create.error} onSubmit={() => void submit()} onClose={onClose} submit={{ disabled: encrypt && (passphrase === '' || passphrase !== again) }}>
      <Stack gap="sm">
        <Text size="sm">
          A consistent copy of everything the hub holds — applications, users, roles, live tokens and its keys — taken while it keeps serving, into the hub's backups folder.
        </Text>
        <Checkbox label="Encrypt it with a passphrase (to keep it elsewhere, or to move the hub to another machine with its keys)" checked={encrypt} onChange={(e) => setEncrypt(e.currentTarget.checked)} />
        {encrypt ? (
          <>
            <PasswordInput label="Passphrase" description="At least 12 characters. Without it nobody can read the backup — nor restore it." value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} error={fieldError(create.error, 'passphrase')} autoComplete="new-password" data-autofocus />
            <PasswordInput label="The same passphrase again" value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={mismatch ? 'the two passphrases differ' : undefined} autoComplete="new-password" />
          </>
        ) : null}
      </Stack>
    </FormModal>
  );
}
