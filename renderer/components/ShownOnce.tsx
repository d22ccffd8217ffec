// What the hub shows exactly once (a client secret, a pairing string, a guest's password, a
// personal access token): a warning that it will not be shown again, the value, and one button
// that says it was taken; and the dialog that is a form until then. As a dialog it closes only by that button or Escape, never by a click
// beside it, so a stray click cannot lose the value.
import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, Modal, Stack, type ButtonProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { QrCode } from './QrCode.tsx';

type ShownOnceProps = {
  /** The warning's title ("… will not be shown again") and its text (what to do with the value now). */
  warning: string;
  explain: ReactNode;
  doneLabel: string;
  /** The Done button's look: filled where it is the only action, `default` beside a copy button. */
  doneVariant?: ButtonProps['variant'];
  /** More buttons before Done (e.g. Copy). */
  actions?: ReactNode;
  onClose: () => void;
  children: ReactNode;
};

/** The warning, the value (children), and Done, which has focus. */
export function ShownOnce({ warning, explain, doneLabel, doneVariant, actions, onClose, children }: ShownOnceProps) {
  return (
    <Stack>
      <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title={warning}>
        {explain}
      </Alert>
      {children}
      <Group justify="flex-end">
        {actions}
        <Button variant={doneVariant} onClick={onClose} data-autofocus>
          {doneLabel}
        </Button>
      </Group>
    </Stack>
  );
}

/** ShownOnce as its own dialog. */
export function ShownOnceModal({ opened = true, title, ...shown }: ShownOnceProps & { opened?: boolean; title: string }) {
  return (
    <Modal opened={opened} onClose={shown.onClose} title={title} size="lg" centered closeOnClickOutside={false}>
      <ShownOnce {...shown} />
    </Modal>
  );
}

/**
 * A dialog that is a form until the hub has created something, then shows what was created,
 * once: `form` is given the function to call with it, `shown` the value.
 */
export function FormThenShown<T>({ form, shown }: { form: (created: (value: T) => void) => ReactNode; shown: (value: T) => ReactNode }) {
  const [value, setValue] = useState<T | null>(null);
  return value === null ? form(setValue) : shown(value);
}

/** A QR code of `value` for a phone to scan, with the same value in words beside it (children). */
export function QrBeside({ value, size, children }: { value: string; size: number; children: ReactNode }) {
  return (
    <Group align="flex-start" wrap="nowrap">
      <QrCode value={value} size={size} />
      <Stack gap="xs" style={{ minWidth: 0 }}>
        {children}
      </Stack>
    </Group>
  );
}
