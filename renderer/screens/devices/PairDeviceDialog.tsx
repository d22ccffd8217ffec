// "Pair a device": the operator says what devices may register themselves with (grants, scopes,
// how many, for how long, with approval or not); the hub answers with the pairing string, shown
// once as text to copy and as a QR code for the device's setup app.
import { useState } from 'react';
import { Alert, Checkbox, Code, Group, Modal, NumberInput, Stack, Switch, TagsInput, Text, TextInput, Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { PAIRING_GRANTS, type OperationOutput } from '../../../shared/admin-contract.ts';
import { CopyIcon } from '../../components/copy.tsx';
import { ExpiryField } from '../../components/ExpiryField.tsx';
import { FormModal } from '../../components/modals.tsx';
import { QrCode } from '../../components/QrCode.tsx';
import { fieldError, useMutation } from '../../lib/mutation.ts';
import { useOperation } from '../../lib/operation.ts';

const GRANT_LABELS: Record<(typeof PAIRING_GRANTS)[number], string> = {
  client_credentials: 'Client credentials — the device acts as itself',
  device_code: 'Device code — a person allows it on another screen',
  refresh_token: 'Refresh tokens — stays signed in',
  authorization_code: 'Authorization code — a person signs in through it',
};

type Created = OperationOutput<'pairings.create'>;

export function PairDeviceDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<Created | null>(null);
  if (created) return <PairingResult created={created} onClose={onClose} />;
  return <PairingForm opened={opened} onClose={onClose} onCreated={setCreated} />;
}

function PairingForm({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (created: Created) => void }) {
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
      opened={opened}
      onClose={onClose}
      title="Pair a device"
      submitLabel="Create pairing"
      size="lg"
      loading={create.loading}
      error={create.error}
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
      <Text size="sm">The device registers itself with the string this makes: no client id or secret to type. It gets at most what you allow here.</Text>
      <TextInput label="What it is for" placeholder="Living room sensors" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(create.error, 'name')} data-autofocus />
      <Checkbox.Group label="Grants the device may use" value={grants} onChange={setGrants} error={fieldError(create.error, 'grants')}>
        <Stack gap={4} mt="xs">
          {PAIRING_GRANTS.map((grant) => (
            <Checkbox key={grant} value={grant} label={GRANT_LABELS[grant]} />
          ))}
        </Stack>
      </Checkbox.Group>
      <TagsInput
        label="Scopes the device may have"
        description="Type or pick; nothing beyond these."
        data={scopes.map((s) => s.name)}
        value={chosenScopes}
        onChange={setScopes}
        error={fieldError(create.error, 'scopes')}
      />
      <Group grow align="flex-start">
        <NumberInput label="How many devices" min={1} max={1000} value={uses} onChange={(v) => setUses(typeof v === 'number' ? v : 1)} error={fieldError(create.error, 'uses')} />
        <ExpiryField label="Usable until" value={expires} onChange={setExpires} allowNever={false} error={fieldError(create.error, 'expiresInSeconds')} />
      </Group>
      <Switch label="I approve each device before it gets tokens" checked={approval} onChange={(e) => setApproval(e.currentTarget.checked)} />
    </FormModal>
  );
}

function PairingResult({ created, onClose }: { created: Created; onClose: () => void }) {
  return (
    <Modal opened onClose={onClose} title={`Pairing “${created.pairing.name}” — give it to the device now`} size="lg" centered closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Shown only now">
          The string holds a one-time token; Lanyard keeps only its hash. Scan the code with the device&apos;s setup app, or copy the string into it.
        </Alert>
        <Group align="flex-start" wrap="nowrap">
          <QrCode value={created.pairingUri} size={200} />
          <Stack gap="xs" style={{ minWidth: 0 }}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', flex: 1 }} data-testid="pairing-uri">
                {created.pairingUri}
              </Code>
              <CopyIcon value={created.pairingUri} label="Copy the pairing string" />
            </Group>
            <Text size="sm">Issuer: {created.issuer}</Text>
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              Certificate fingerprint (SHA-256): {created.fingerprint ?? 'none — the hub serves plain HTTP'}
            </Text>
            <Text size="sm">
              Admits {created.pairing.usesAllowed} device{created.pairing.usesAllowed === 1 ? '' : 's'} until {new Date(created.pairing.expiresAt).toLocaleString()}
              {created.pairing.requiresApproval ? '; you approve each one on this screen' : ''}.
            </Text>
          </Stack>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
