// The console's dialogs: a yes/no confirmation, a form, and a confirmation by typing a name.
// Each shows the AdminError of the last attempt above its Cancel and main buttons.
import { useState, type ReactNode } from 'react';
import { Button, Group, Modal, Stack, TextInput, type ButtonProps, type MantineSize } from '@mantine/core';
import { Trans, useTranslation } from 'react-i18next';
import type { AdminError } from '../../shared/admin-contract.ts';
import { ErrorAlert } from './common.tsx';

/** What every dialog is given by its screen (from useDialog): whether it is open, and how to close it. */
export type OpenDialog = { opened: boolean; onClose: () => void };

type DialogProps = {
  opened: boolean;
  title: string;
  children: ReactNode;
  loading?: boolean;
  error?: AdminError | null;
  onClose: () => void;
};

/** The error of the last attempt, then Cancel and the dialog's main button. */
function Actions({ error, onClose, children }: { error: AdminError | null | undefined; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorAlert error={error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('console.common.cancel')}
        </Button>
        {children}
      </Group>
    </>
  );
}

/** A yes/no confirmation; Enter confirms (the confirm button has focus), Escape cancels. */
export function ConfirmModal(props: DialogProps & { confirmLabel: string; color?: string; onConfirm: () => void }) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={props.title} centered>
      <Stack>
        <div>{props.children}</div>
        <Actions error={props.error} onClose={props.onClose}>
          <Button color={props.color ?? 'red'} loading={props.loading} onClick={props.onConfirm} data-autofocus>
            {props.confirmLabel}
          </Button>
        </Actions>
      </Stack>
    </Modal>
  );
}

/** What a form's operation is doing: running, or refused (useMutation, useSave). */
type Running = { loading: boolean; error: AdminError | null };

type FormProps = { mutation: Running; submitLabel: string; submit?: ButtonProps; onSubmit: () => void; onClose: () => void; children: ReactNode };

/**
 * A form's fields, then its operation's error, Cancel and the submit button; Enter submits.
 * `submit` adds to the submit button (a colour, disabled until ready). FormModal puts it in a
 * modal; a dialog that must read something before its form can start uses it directly.
 */
export function FormBody({ mutation, submitLabel, submit, onSubmit, onClose, children }: FormProps) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <Stack>
        {children}
        <Actions error={mutation.error} onClose={onClose}>
          <Button type="submit" {...submit} loading={mutation.loading}>
            {submitLabel}
          </Button>
        </Actions>
      </Stack>
    </form>
  );
}

/** A modal holding a form (FormBody); `mutation` is the operation it runs. */
export function FormModal({ opened, title, size, ...form }: FormProps & { opened: boolean; title: string; size?: MantineSize }) {
  return (
    <Modal opened={opened} onClose={form.onClose} title={title} size={size} centered>
      <FormBody {...form} />
    </Modal>
  );
}

/** The word field of a TypedConfirmModal; mounted only while the dialog is open, so it starts empty. */
function TypedConfirmForm(props: Omit<DialogProps, 'opened' | 'title'> & { word: string; confirmLabel: string; onConfirm: () => void }) {
  const [typed, setTyped] = useState('');
  const matches = typed.trim() === props.word;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (matches) props.onConfirm();
      }}
    >
      <Stack>
        <div>{props.children}</div>
        <TextInput
          label={<Trans i18nKey="console.common.typeToConfirm" values={{ word: props.word }} components={{ b: <b /> }} />}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
        <Actions error={props.error} onClose={props.onClose}>
          <Button type="submit" color="red" disabled={!matches} loading={props.loading}>
            {props.confirmLabel}
          </Button>
        </Actions>
      </Stack>
    </form>
  );
}

/** A destructive action the operator confirms by typing a word (the object's name). */
export function TypedConfirmModal({ opened, title, onClose, ...form }: DialogProps & { word: string; confirmLabel: string; onConfirm: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <TypedConfirmForm {...form} onClose={onClose} />
    </Modal>
  );
}
