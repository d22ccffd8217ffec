// Settings: which roles must sign in with a second factor. The admin role's requirement applies
// once any admin has set one up (the hub decides; this screen only says so).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Group, MultiSelect, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';
import { ErrorAlert } from '../../components/common.tsx';

export function SecondFactorSettings() {
  const settings = useOperation('settings.get', {}, { refreshOn: ['settings.changed'] });
  if (!settings.data) return null;
  // Keyed by the stored value: the form starts over when the hub's setting changes.
  return <SecondFactorRolesForm key={settings.data.secondFactorRoles.join(' ')} stored={settings.data.secondFactorRoles} />;
}

function SecondFactorRolesForm({ stored }: { stored: string[] }) {
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] });
  const update = useMutation('settings.update');
  const [value, setValue] = useState<string[]>(stored);
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={3} size="h4">{t('console.settings.factorsTitle')}</Title>
        <MultiSelect
          label={t('console.settings.factorRoles')}
          description={t('console.settings.factorRolesHelp')}
          data={(roles.data ?? []).map((role) => role.name)}
          value={value}
          onChange={setValue}
          error={fieldError(update.error, 'secondFactorRoles')}
          searchable
        />
        {value.includes('admin') ? (
          <Text size="sm" c="dimmed">
            {t('console.settings.factorAdminNote')}
          </Text>
        ) : null}
        <ErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button
            loading={update.loading}
            onClick={async () => {
              if (await update.run({ secondFactorRoles: value })) notifications.show({ color: 'teal', message: t('console.settings.saved') });
            }}
          >
            {t('console.settings.saveFactorRoles')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
