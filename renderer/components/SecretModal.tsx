// A new client secret, shown exactly once with a copy button: Lanyard keeps only its hash.
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function SecretModal({ secret, clientId, onClose }: { secret: { clientId: string; value: string } | null; clientId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={!!secret} onClose={onClose} title={t('console.secret.title')} centered size="lg" closeOnClickOutside={false}>
      {secret ? (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('console.secret.once')}>
            {t('console.secret.explain')}
          </Alert>
          <Text size="sm">
            {t('console.secret.clientId')} <Code>{clientId ?? secret.clientId}</Code>
          </Text>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 'var(--mantine-font-size-md)' }} data-testid="client-secret">
              {secret.value}
            </Code>
            <CopyButton value={secret.value}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                  {copied ? t('console.common.copied') : t('console.secret.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              {t('console.secret.done')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
