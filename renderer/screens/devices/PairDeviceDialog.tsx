// "Pair a device": the operator says what devices may register themselves with (grants, scopes,
// how many, for how long, with approval or not); the hub answers with the pairing string, shown
// once as text to copy and as a QR code for the device's setup app.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/format.ts';
import { Checkbox, Code, Group, NumberInput, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { PAIRING_GRANTS, type OperationOutput } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';
import { ExpiryField } from '../../components/ExpiryField.tsx';
import { FormModal, type OpenDialog } from '../../components/modals.tsx';
import { FormThenShown, QrBeside, ShownOnceModal } from '../../components/ShownOnce.tsx';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';

const GRANT_LABELS = {
  client_credentials: 'console.pairing.grantClientCredentials',
  device_code: 'console.pairing.grantDeviceCode',
  refresh_token: 'console.pairing.grantRefreshToken',
  authorization_code: 'console.pairing.grantAuthorizationCode',
} as const satisfies Record<(typeof PAIRING_GRANTS)[number], string>;

type Created = OperationOutput<'pairings.create'>;

export function PairDeviceDialog(dialog: OpenDialog) {
  return <FormThenShown<Created> form={(onCreated) => <PairingForm {...dialog} onCreated={onCreated} />} shown={(created) => <PairingResult created={created} onClose={dialog.onClose} />} />;
}

function PairingForm({ onCreated, ...dialog }: OpenDialog & { onCreated: (created: Created) => void }) {
  const { t } = useTranslation();
  const create = useMutation('pairings.create');
  const scopes = useOperation('scopes.list', {}).data ?? [];
  const [name, setName] = useState('');
  const [grants, setGrants] = useState<string[]>(['client_credentials']);
  const [chosenScopes, setScopes] = useState<string[]>([]);
  const [uses, setUses] = useState<number>(1);
  const [expires, setExpires] = useState<number | null>(3600);
  const [approval, setApproval] = useState(false);
  return (
    <FormModal
      {...dialog}
      title={t('console.pairing.title')}
      submitLabel={t('console.pairing.create')}
      size="lg"
      mutation={create}
      onSubmit={async () => {
        const result = await create.run({
          ...(name.trim() ? { name: name.trim() } : {}),
          grants: grants as (typeof PAIRING_GRANTS)[number][],
          scopes: chosenScopes,
          uses,
          expiresInSeconds: expires ?? 3600,
          requiresApproval: approval,
        });
        if (result) onCreated(result);
      }}
    >
      <Text size="sm">{t('console.pairing.intro')}</Text>
      <TextInput label={t('console.pairing.name')} placeholder={t('console.pairing.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-autofocus />
      <Checkbox.Group label={t('console.pairing.grants')} value={grants} onChange={setGrants} error={fieldError(create.error, 'grants')}>
        <Stack gap={4} mt="xs">
          {PAIRING_GRANTS.map((grant) => (
            <Checkbox key={grant} value={grant} label={t(GRANT_LABELS[grant])} />
          ))}
        </Stack>
      </Checkbox.Group>
      <TagsInput
        label={t('console.pairing.scopes')}
        description={t('console.pairing.scopesHelp')}
        data={scopes.map((s) => s.name)}
        value={chosenScopes}
        onChange={setScopes}
        error={fieldError(create.error, 'scopes')}
      />
      <Group grow align="flex-start">
        <NumberInput label={t('console.pairing.uses')} min={1} max={1000} value={uses} onChange={(v) => setUses(typeof v === 'number' ? v : 1)} error={fieldError(create.error, 'uses')} />
        <ExpiryField label={t('console.pairing.until')} value={expires} onChange={setExpires} allowNever={false} error={fieldError(create.error, 'expiresInSeconds')} />
      </Group>
      <Switch label={t('console.pairing.approval')} checked={approval} onChange={(e) => setApproval(e.currentTarget.checked)} />
    </FormModal>
  );
}

function PairingResult({ created, onClose }: { created: Created; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <ShownOnceModal title={t('console.pairing.resultTitle', { name: created.pairing.name })} warning={t('console.pairing.shownOnly')} explain={t('console.pairing.shownText')} doneLabel={t('console.pairing.done')} onClose={onClose}>
      <QrBeside value={created.pairingUri} size={200}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', flex: 1 }} data-testid="pairing-uri">
            {created.pairingUri}
          </Code>
          <CopyIcon value={created.pairingUri} label={t('console.pairing.copy')} />
        </Group>
        <Text size="sm">{t('console.pairing.issuer', { issuer: created.issuer })}</Text>
        <Text size="sm" style={{ wordBreak: 'break-all' }}>
          {t('console.pairing.fingerprint', { fingerprint: created.fingerprint ?? t('console.pairing.noFingerprint') })}
        </Text>
        <Text size="sm">
          {t(created.pairing.requiresApproval ? 'console.pairing.admitsApproved' : 'console.pairing.admits', { count: created.pairing.usesAllowed, time: formatTime(created.pairing.expiresAt) })}
        </Text>
      </QrBeside>
    </ShownOnceModal>
  );
}
