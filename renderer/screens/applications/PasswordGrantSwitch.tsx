// The per-application exception to "the password grant refuses users with a second factor": for
// apps that know no other way to sign in (Smartenit-style). Off by default, with a warning.
import { Alert, Stack, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { IconAlertTriangle } from '@tabler/icons-react';

export function PasswordWithSecondFactorSwitch({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Switch
        label={t('console.applications.passwordWithFactor')}
        description={t('console.applications.passwordWithFactorHelp')}
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      {checked ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('console.applications.passwordAloneTitle')}>
          {t('console.applications.passwordAloneText')}
        </Alert>
      ) : null}
    </Stack>
  );
}
