import { useEffect, useState, type ReactNode } from 'react';
import { ActionIcon, Alert, Button, Code, CopyButton, Group, Image, Modal, Stack, Text, TextInput, Title, Tooltip, type ButtonProps, type MantineSize } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import QRCode from 'qrcode';
import { notifications } from '@mantine/notifications';
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

/** Shows an AdminError in words. */
export function ErrorAlert({ error, title = 'That did not work', onClose }: { error: AdminError | null | undefined; title?: string; onClose?: () => void }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert" withCloseButton={!!onClose} onClose={onClose} closeButtonLabel="Dismiss">
      {error.message}
    </Alert>
  );
}

export function CopyIcon({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={copied ? 'Copied' : label}>
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

export function CopyField({ value, label }: { value: string; label: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Code style={{ wordBreak: 'break-all' }}>{value}</Code>
      <CopyIcon value={value} label={`Copy ${label}`} />
    </Group>
  );
}

export function QrCode({ value, size = 128 }: { value: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(value, { margin: 1, width: size * 2, errorCorrectionLevel: 'M' }).then(
      (url) => live && setSrc(url),
      () => live && setSrc(null),
    );
    return () => {
      live = false;
    };
  }, [value, size]);
  if (!src) return <div style={{ width: size, height: size }} aria-hidden />;
  return <Image src={src} w={size} h={size} alt={`QR code for ${value}`} radius="sm" bg="white" />;
}

/** A yes/no confirmation; Enter confirms (the confirm button has focus), Escape cancels. */
export function ConfirmModal(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  color?: string;
  loading?: boolean;
  error?: AdminError | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <Stack>
        <div>{props.children}</div>
        <ErrorAlert error={props.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button color={props.color ?? 'red'} loading={props.loading} onClick={props.onConfirm} data-autofocus>
            {props.confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * A modal holding a form: Enter submits, Cancel closes, and the AdminError of the last attempt
 * shows above the buttons. `submit` adds to the submit button (a colour, disabled until ready).
 */
export function FormModal(props: {
  opened: boolean;
  title: string;
  size?: MantineSize;
  children: ReactNode;
  submitLabel: string;
  submit?: ButtonProps;
  loading?: boolean;
  error?: AdminError | null;
  onSubmit: () => void;
  onClose: () => void;
}) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} size={props.size} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        <Stack>
          {props.children}
          <ErrorAlert error={props.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" {...props.submit} loading={props.loading}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** A destructive action the operator confirms by typing a word (the object's name). */
export function TypedConfirmModal(props: {
  opened: boolean;
  title: string;
  children: ReactNode;
  word: string;
  confirmLabel: string;
  loading?: boolean;
  error?: AdminError | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState('');
  useEffect(() => {
    if (!props.opened) setTyped('');
  }, [props.opened]);
  const matches = typed.trim() === props.word;
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (matches) props.onConfirm();
        }}
      >
        <Stack>
          <div>{props.children}</div>
          <TextInput
            label={
              <>
                Type <b>{props.word}</b> to confirm
              </>
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
          />
          <ErrorAlert error={props.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" disabled={!matches} loading={props.loading}>
              {props.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Shows a client secret exactly once. */
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

let progressSeq = 0;
/**
 * Runs a quick action started from a menu (where no button can spin) with a loading
 * notification that turns into the result, in words.
 */
export async function withProgress<T>(working: string, run: () => Promise<T | undefined>, done: (value: T) => string, failed = 'That did not work; see the message on the page.'): Promise<T | undefined> {
  const id = `progress-${++progressSeq}`;
  notifications.show({ id, loading: true, message: working, autoClose: false, withCloseButton: false });
  const value = await run();
  notifications.update({ id, loading: false, color: value === undefined ? 'red' : 'teal', message: value === undefined ? failed : done(value), autoClose: 4000, withCloseButton: true });
  return value;
}
