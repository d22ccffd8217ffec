// How often the hub backs itself up and how many automatic backups it keeps (two settings).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, NumberInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { ErrorAlert } from '../../components/common.tsx';

type Form = { backupIntervalHours: number | ''; backupKeep: number | '' };

export function BackupSchedule() {
  const { t } = useTranslation();
  const settings = useOperation('settings.get', {}, { refreshOn: ['settings.changed'] });
  const update = useMutation('settings.update');
  // What the operator typed, over the stored values; null until they type.
  const [draft, setForm] = useState<Form | null>(null);
  const form = draft ?? (settings.data ? { backupIntervalHours: settings.data.backupIntervalHours, backupKeep: settings.data.backupKeep } : null);
  if (!form) return <ErrorAlert error={settings.error} title={t('console.backups.scheduleFailed')} />;

  const save = async () => {
    const result = await update.run({ backupIntervalHours: form.backupIntervalHours === '' ? Number.NaN : form.backupIntervalHours, backupKeep: form.backupKeep === '' ? Number.NaN : form.backupKeep });
    if (result) setForm(null);
    if (result) notifications.show({ color: 'teal', message: result.settings.backupIntervalHours ? t('console.backups.scheduleSaved', { hours: result.settings.backupIntervalHours, count: result.settings.backupKeep }) : t('console.backups.scheduleSavedOff') });
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <NumberInput
          label={t('console.backups.every')}
          description={t('console.backups.everyHelp')}
          suffix=" h"
          min={0}
          allowDecimal={false}
          clampBehavior="none"
          value={form.backupIntervalHours}
          onChange={(v) => setForm({ ...form, backupIntervalHours: typeof v === 'number' ? v : '' })}
          error={fieldError(update.error, 'backupIntervalHours')}
          w={200}
        />
        <NumberInput
          label={t('console.backups.keep')}
          description={t('console.backups.keepHelp')}
          min={1}
          allowDecimal={false}
          clampBehavior="none"
          value={form.backupKeep}
          onChange={(v) => setForm({ ...form, backupKeep: typeof v === 'number' ? v : '' })}
          error={fieldError(update.error, 'backupKeep')}
          w={200}
        />
        <Button type="submit" variant="default" loading={update.loading}>
          {t('console.backups.saveSchedule')}
        </Button>
      </Group>
      <ErrorAlert error={update.error} />
    </form>
  );
}
