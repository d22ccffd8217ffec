// A new client secret, shown exactly once with a copy button: Lanyard keeps only its hash.
import { Button, Code, CopyButton, Group, Text } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ShownOnceModal } from './ShownOnce.tsx';

export function SecretModal({ secret, clientId, onClose }: { secret: { clientId: string; value: string } | null; clientId?: string; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ShownOnceModal opened={!!secret} title={t('console.secret.title')} warning={t('console.secret.once')} explain={t('console.secret.explain')} doneLabel={t('console.secret.done')} doneVariant="default" onClose={onClose}>
      {secret ? <SecretValue clientId={clientId ?? secret.clientId} value={secret.value} /> : null}
    </ShownOnceModal>
  );
}

function SecretValue({ clientId, value }: { clientId: string; value: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Text size="sm">
        {t('console.secret.clientId')} <Code>{clientId}</Code>
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 'var(--mantine-font-size-md)' }} data-testid="client-secret">
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button onClick={copy} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
              {copied ? t('console.common.copied') : t('console.secret.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </>
  );
}
