// A new client secret, shown exactly once with a copy button: Lanyard keeps only its hash.
import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';

export function SecretModal({ secret, clientId, onClose }: { secret: { clientId: string; value: string } | null; clientId?: string; onClose: () => void }) {
  return (
    <Modal opened={!!secret} onClose={onClose} title="Client secret — copy it now" centered size="lg" closeOnClickOutside={false}>
      {secret ? (
        <Stack>
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title="This secret will not be shown again">
            Copy it into the application's configuration now. Lanyard keeps only a hash of it; if you lose it, rotate the secret to get a new one.
          </Alert>
          <Text size="sm">
            Client id: <Code>{clientId ?? secret.clientId}</Code>
          </Text>
          <Group gap="xs" wrap="nowrap" align="center">
            <Code block style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 'var(--mantine-font-size-md)' }} data-testid="client-secret">
              {secret.value}
            </Code>
            <CopyButton value={secret.value}>
              {({ copied, copy }) => (
                <Button onClick={copy} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                  {copied ? 'Copied' : 'Copy secret'}
                </Button>
              )}
            </CopyButton>
          </Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              I have copied it
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  );
}
