// "Guest pass": a user whose account ends on its own, with a generated password, shown once
// beside a QR code of the sign-in link so the guest can scan it with a phone.
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format.ts';
import { Code, Group, MultiSelect, Text, TextInput } from '@mantine/core';
import type { User } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';
import { ExpiryField, expiresIn } from '../../components/ExpiryField.tsx';
import { FormModal, type OpenDialog } from '../../components/modals.tsx';
import { FormThenShown, QrBeside, ShownOnceModal } from '../../components/ShownOnce.tsx';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';

/** 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 90 bits. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function generatePassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length * 2));
  let out = '';
  for (const byte of bytes) {
    if (byte >= Math.floor(256 / ALPHABET.length) * ALPHABET.length) continue; // no modulo bias
    out += ALPHABET[byte % ALPHABET.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : generatePassword(length);
}

type Pass = { user: User; password: string; link: string };

export function GuestPassDialog(dialog: OpenDialog) {
  return <FormThenShown<Pass> form={(onCreated) => <GuestPassForm {...dialog} onCreated={onCreated} />} shown={(pass) => <GuestPassShown pass={pass} onClose={dialog.onClose} />} />;
}

function GuestPassForm({ onCreated, ...dialog }: OpenDialog & { onCreated: (pass: Pass) => void }) {
  const { t } = useTranslation();
  const create = useMutation('users.create');
  const roles = useOperation('roles.list', {}, { refreshOn: ['role.changed'] }).data ?? [];
  const status = useOperation('status.get', {}).data;
  const [username, setUsername] = useState(() => `guest-${generatePassword(4).toLowerCase()}`);
  const [chosen, setChosen] = useState<string[]>(() => (roles.some((r) => r.name === 'guest') ? ['guest'] : []));
  const [expires, setExpires] = useState<number | null>(86_400);
  return (
    <FormModal
      {...dialog}
      title={t('console.guest.title')}
      submitLabel={t('console.guest.create')}
      mutation={create}
      onSubmit={async () => {
        const password = generatePassword();
        const user = await create.run({ username: username.trim(), password, roles: chosen, expiresAt: expiresIn(expires ?? 86_400) });
        if (user) onCreated({ user, password, link: `${status?.issuer ?? window.location.origin}/account` });
      }}
    >
      <Text size="sm">{t('console.guest.intro')}</Text>
      <TextInput label={t('console.guest.username')} value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={fieldError(create.error, 'username')} data-autofocus />
      <MultiSelect label={t('console.guest.roles')} description={t('console.guest.rolesHelp')} data={roles.map((r) => r.name)} value={chosen} onChange={setChosen} error={fieldError(create.error, 'roles')} />
      <ExpiryField label={t('console.guest.ends')} value={expires} onChange={setExpires} allowNever={false} error={fieldError(create.error, 'expiresAt')} />
    </FormModal>
  );
}

function GuestPassShown({ pass, onClose }: { pass: Pass; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ShownOnceModal title={t('console.guest.shownTitle', { name: pass.user.username })} warning={t('console.guest.shownOnce')} explain={t('console.guest.inPerson')} doneLabel={t('console.guest.done')} onClose={onClose}>
      <QrBeside value={pass.link} size={160}>
        <Text size="sm">
          <Trans i18nKey="console.guest.signInAt" values={{ link: pass.link }} components={{ code: <Code /> }} />
        </Text>
        <Text size="sm">
          <Trans i18nKey="console.guest.usernameIs" values={{ username: pass.user.username }} components={{ code: <Code /> }} />
        </Text>
        <Group gap="xs">
          <Text size="sm">
            <Trans i18nKey="console.guest.passwordIs" values={{ password: pass.password }} components={{ code: <Code data-testid="guest-password" /> }} />
          </Text>
          <CopyIcon value={pass.password} label={t('console.guest.copyPassword')} />
        </Group>
        <Text size="sm">{t('console.guest.endsAt', { time: formatTime(pass.user.expiresAt ?? '') })}</Text>
      </QrBeside>
    </ShownOnceModal>
  );
}
