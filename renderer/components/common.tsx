// What every screen is built from: its header (title, description, actions), the heading of a
// section within it, and the alert that shows an AdminError in words.
import type { ReactNode } from 'react';
import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { AdminError } from '../../shared/admin-contract.ts';

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description ? (
          <Text c="dimmed" size="sm" maw={720}>
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}

/** A section of a screen: an h2 and, at its end, the section's action (a button). */
export function SectionHeader({ title, action }: { title: string; action?: ReactNode }) {
  return (
    <Group justify="space-between" mt="md">
      <Title order={2} size="h4">
        {title}
      </Title>
      {action}
    </Group>
  );
}

/** Shows an AdminError in words. */
export function ErrorAlert({ error, title, onClose }: { error: AdminError | null | undefined; title?: string; onClose?: (() => void) | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title ?? t('console.common.failed')} icon={<IconAlertTriangle aria-hidden />} role="alert" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel={t('console.common.dismiss')}>
      {error.message}
    </Alert>
  );
}
