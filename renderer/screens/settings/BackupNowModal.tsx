// "Back up now": an unencrypted backup into the hub's folder, or one sealed with a passphrase —
// the kind to download and carry to another machine, since it also carries the hub's keys. The
// parent mounts it afresh for each opening, so the form starts empty.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox, PasswordInput, Stack, Text } from '@mantine/core';
import type { OperationOutput } from '../../../shared/admin-contract.ts';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { FormModal } from '../../components/modals.tsx';

export function BackupNowModal({ opened, onClose, onDone }: { opened: boolean; onClose: () => void; onDone: (result: OperationOutput<'backups.create'>) => void }) {
  const { t } = useTranslation();
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
    <FormModal opened={opened} title={t('console.backups.backUpNow')} submitLabel={t('console.backups.backUp')} mutation={create} onSubmit={() => void submit()} onClose={onClose} submit={{ disabled: encrypt && (passphrase === '' || passphrase !== again) }}>
      <Stack gap="sm">
        <Text size="sm">{t('console.backups.nowText')}</Text>
        <Checkbox label={t('console.backups.encrypt')} checked={encrypt} onChange={(e) => setEncrypt(e.currentTarget.checked)} />
        {encrypt ? (
          <>
            <PasswordInput label={t('console.backups.passphrase')} description={t('console.backups.passphraseHelp')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} error={fieldError(create.error, 'passphrase')} autoComplete="new-password" data-autofocus />
            <PasswordInput label={t('console.backups.passphraseAgain')} value={again} onChange={(e) => setAgain(e.currentTarget.value)} error={mismatch ? t('console.backups.passphraseMismatch') : undefined} autoComplete="new-password" />
          </>
        ) : null}
      </Stack>
    </FormModal>
  );
}
