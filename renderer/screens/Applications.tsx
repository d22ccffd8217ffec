import { useEffect, useState } from 'react';
import {
  Accordion,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  EmptyState,
  Group,
  Menu,
  Modal,
  MultiSelect,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Stepper,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconApps, IconPlus, IconSearch } from '@tabler/icons-react';
import { CLIENT_KINDS, DEFAULT_GRANTS, PUBLIC_KINDS, type AdminError, type Client, type ClientKind, type GrantName } from '../../shared/admin-contract.ts';
import { fieldError, useMutation, useOperation, usePaged } from '../lib/api.tsx';
import { ConfirmModal, CopyIcon, ErrorAlert, FormModal, PageHeader, SecretModal, TypedConfirmModal, withProgress } from '../components/common.tsx';
import { PasswordWithSecondFactorSwitch } from '../components/password-grant-setting.tsx';
import { LoadMoreButton, RowMenu, TableCard } from '../components/table.tsx';
import { formatAgo, formatDuration } from '../lib/format.ts';
import { useConfirmedAction } from '../lib/confirm.ts';

export const KIND_INFO: Record<ClientKind, { label: string; short: string; explain: string }> = {
  web: {
    label: 'Website with a server',
    short: 'Web app',
    explain: 'A web application that runs on a server (a NAS photo library, a wiki). People sign in through their browser; the server keeps a secret.',
  },
  spa: {
    label: 'Browser or mobile app',
    short: 'SPA / mobile',
    explain: 'An app that runs entirely in the browser or on a phone. It cannot keep a secret, so it signs people in with PKCE and gets no secret.',
  },
  device: {
    label: 'Device',
    short: 'Device',
    explain: 'A thermostat, camera or sensor that acts as itself with its own secret — or a TV or speaker that pairs with a person’s account by showing a code.',
  },
  service: {
    label: 'Background service',
    short: 'Service',
    explain: 'A script or server that talks to other servers on its own, such as a nightly backup. It proves who it is with its own secret.',
  },
  first_party: {
    label: 'Trusted first-party app',
    short: 'First party',
    explain: 'An app you wrote and trust completely (your own TV app). It may ask for a username and password directly. Use this only for apps you control.',
  },
};

const GRANT_WORDS: Record<GrantName, string> = {
  authorization_code: 'browser sign-in',
  implicit: 'implicit (legacy)',
  password: 'username + password',
  client_credentials: 'own secret',
  refresh_token: 'stays signed in',
  device_code: 'device code',
};

const needsRedirects = (grants: GrantName[]) => grants.includes('authorization_code') || grants.includes('implicit');
const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function TtlInput({ label, value, onChange, error, placeholder }: { label: string; value: number | ''; onChange: (v: number | '') => void; error?: string | undefined; placeholder?: string }) {
  return (
    <NumberInput
      label={label}
      description={value ? `= ${formatDuration(Number(value))}` : 'Empty: the hub default from Settings'}
      placeholder={placeholder ?? 'hub default'}
      suffix=" s"
      min={60}
      max={31_536_000}
      clampBehavior="none"
      allowDecimal={false}
      value={value}
      onChange={(v) => onChange(typeof v === 'number' ? v : '')}
      error={error}
    />
  );
}

function ScopeSelect({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string | undefined }) {
  const scopes = useOperation('scopes.list', {}, { refreshOn: ['role.changed'] });
  const data = (scopes.data ?? []).map((s) => ({ value: s.name, label: s.description ? `${s.name} — ${s.description}` : s.name }));
  for (const v of value) if (!data.some((d) => d.value === v)) data.push({ value: v, label: v });
  return (
    <MultiSelect
      label="Scopes it may ask for"
      description="Add new scopes on the Roles screen."
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      error={error}
      nothingFoundMessage="No such scope"
    />
  );
}

// ------------------------------------------------------------------ create wizard

type Draft = {
  kind: ClientKind | null;
  name: string;
  redirectUris: string;
  scopes: string[];
  implicit: boolean;
  /** A device that pairs with a person's account by showing a code (RFC 8628). */
  pairWithCode: boolean;
  firstParty: boolean;
  accessTokenTtl: number | '';
  refreshTokenTtl: number | '';
};
const EMPTY_DRAFT: Draft = { kind: null, name: '', redirectUris: '', scopes: [], implicit: false, pairWithCode: false, firstParty: false, accessTokenTtl: '', refreshTokenTtl: '' };

function draftGrants(draft: Draft): GrantName[] {
  if (!draft.kind) return [];
  if (draft.kind === 'device' && draft.pairWithCode) return ['device_code', 'refresh_token'];
  const grants = [...DEFAULT_GRANTS[draft.kind]];
  if (draft.implicit && (draft.kind === 'web' || draft.kind === 'spa')) grants.push('implicit');
  return grants;
}

const STEP_OF_FIELD: Record<string, number> = { kind: 0, name: 1, redirectUris: 1, scopes: 1, firstParty: 1, grants: 2, accessTokenTtl: 2, refreshTokenTtl: 2 };

export function CreateApplicationWizard({ opened, onClose, onCreated }: { opened: boolean; onClose: () => void; onCreated: (client: Client, secret: string | null) => void }) {
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const create = useMutation('clients.create');
  const [localError, setLocalError] = useState<AdminError | null>(null);
  useEffect(() => {
    if (opened) {
      setStep(0);
      setDraft(EMPTY_DRAFT);
      create.reset();
      setLocalError(null);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);
  const set = <F extends keyof Draft>(field: F, value: Draft[F]) => setDraft((d) => ({ ...d, [field]: value }));
  const error = localError ?? create.error;
  const grants = draftGrants(draft);

  const next = () => {
    setLocalError(null);
    if (step === 0 && !draft.kind) return setLocalError({ code: 'invalid_input', message: 'Choose what kind of application this is.', fields: { kind: 'choose one' } });
    if (step === 1 && !draft.name.trim()) return setLocalError({ code: 'invalid_input', message: 'Give the application a name.', fields: { name: 'a client needs a name' } });
    setStep((s) => Math.min(s + 1, 2));
  };

  const submit = async () => {
    if (!draft.kind) return;
    const result = await create.run({
      kind: draft.kind,
      name: draft.name,
      grants,
      redirectUris: needsRedirects(grants) ? lines(draft.redirectUris) : [],
      scopes: draft.scopes,
      ...(draft.accessTokenTtl !== '' ? { accessTokenTtl: draft.accessTokenTtl } : {}),
      ...(draft.refreshTokenTtl !== '' ? { refreshTokenTtl: draft.refreshTokenTtl } : {}),
      firstParty: draft.kind === 'first_party' || draft.firstParty,
    });
    if (result) onCreated(result.client, result.clientSecret);
  };
  // Jump to the step that holds the first field the hub refused.
  useEffect(() => {
    const first = Object.keys(create.error?.fields ?? {})[0]?.split('.')[0];
    if (first && STEP_OF_FIELD[first] !== undefined) setStep(STEP_OF_FIELD[first]);
  }, [create.error]);

  return (
    <Modal opened={opened} onClose={onClose} title="New application" size="xl" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (step < 2) next();
          else void submit();
        }}
      >
        <Stepper active={step} onStepClick={(s) => s < step && setStep(s)} size="sm" mb="md">
          <Stepper.Step label="Kind" description="What is it?">
            <Radio.Group
              value={draft.kind ?? ''}
              onChange={(v) => set('kind', v as ClientKind)}
              label="What kind of application are you adding?"
              error={fieldError(error, 'kind')}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
                {CLIENT_KINDS.map((kind) => (
                  <Radio.Card key={kind} value={kind} p="md" radius="md" aria-label={KIND_INFO[kind].label}>
                    <Group wrap="nowrap" align="flex-start">
                      <Radio.Indicator />
                      <div>
                        <Text fw={600}>{KIND_INFO[kind].label}</Text>
                        <Text size="sm" c="dimmed">
                          {KIND_INFO[kind].explain}
                        </Text>
                        <Text size="xs" mt={4}>
                          Allowed: {DEFAULT_GRANTS[kind].map((g) => GRANT_WORDS[g]).join(', ')}
                          {PUBLIC_KINDS.has(kind) ? ' · no secret' : ' · gets a secret'}
                        </Text>
                      </div>
                    </Group>
                  </Radio.Card>
                ))}
              </SimpleGrid>
            </Radio.Group>
          </Stepper.Step>
          <Stepper.Step label="Details" description="Name, addresses, scopes">
            <Stack>
              <TextInput label="Name" description="Shown to people when they sign in." value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError(error, 'name')} required data-autofocus />
              {needsRedirects(grants) ? (
                <Textarea
                  label="Redirect URIs"
                  description="Where the hub may send people back after sign-in, one per line, exactly as the app sends them."
                  placeholder={'https://photos.local/oauth/callback'}
                  autosize
                  minRows={2}
                  value={draft.redirectUris}
                  onChange={(e) => set('redirectUris', e.currentTarget.value)}
                  error={fieldError(error, 'redirectUris')}
                />
              ) : null}
              {draft.kind === 'device' ? (
                <Switch
                  label="Pairs with a code on its screen"
                  description="For a TV, speaker or other device without a keyboard that acts for a person: it shows a code, someone approves it on a phone or on the Devices screen, and it gets tokens for that person's account (device code grant) instead of using its own secret."
                  checked={draft.pairWithCode}
                  onChange={(e) => set('pairWithCode', e.currentTarget.checked)}
                />
              ) : null}
              <ScopeSelect value={draft.scopes} onChange={(v) => set('scopes', v)} error={fieldError(error, 'scopes')} />
              {draft.kind !== 'first_party' ? (
                <Switch
                  label="First-party: skip the consent screen"
                  description="Only for applications you run yourself."
                  checked={draft.firstParty}
                  onChange={(e) => set('firstParty', e.currentTarget.checked)}
                />
              ) : null}
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Lifetimes" description="Review and create">
            <Stack>
              <Group grow align="flex-start">
                <TtlInput label="Access token lifetime" value={draft.accessTokenTtl} onChange={(v) => set('accessTokenTtl', v)} error={fieldError(error, 'accessTokenTtl')} />
                {grants.includes('refresh_token') ? (
                  <TtlInput label="Refresh token lifetime" value={draft.refreshTokenTtl} onChange={(v) => set('refreshTokenTtl', v)} error={fieldError(error, 'refreshTokenTtl')} />
                ) : null}
              </Group>
              {draft.kind === 'web' || draft.kind === 'spa' ? (
                <Accordion variant="contained">
                  <Accordion.Item value="legacy">
                    <Accordion.Control>Legacy options</Accordion.Control>
                    <Accordion.Panel>
                      <Stack gap="xs">
                        <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
                          The implicit grant hands tokens to the browser in the URL, where they can leak through history and logs. Turn it on only for an old app that cannot do
                          anything else.
                        </Alert>
                        <Checkbox label="Also allow the implicit grant" checked={draft.implicit} onChange={(e) => set('implicit', e.currentTarget.checked)} />
                      </Stack>
                    </Accordion.Panel>
                  </Accordion.Item>
                </Accordion>
              ) : null}
              <Card withBorder>
                <Text size="sm">
                  <b>{draft.name || 'Unnamed'}</b> — {draft.kind ? KIND_INFO[draft.kind].label : ''}
                </Text>
                <Text size="sm" c="dimmed">
                  Grants: {grants.join(', ')}
                </Text>
              </Card>
              <Text size="xs" c="dimmed">
                {fieldError(error, 'grants')}
              </Text>
            </Stack>
          </Stepper.Step>
        </Stepper>
        <Stack>
          <ErrorAlert error={error} />
          <Group justify="space-between">
            <Button type="button" variant="default" onClick={step === 0 ? onClose : () => setStep((s) => s - 1)}>
              {step === 0 ? 'Cancel' : 'Back'}
            </Button>
            {step < 2 ? (
              <Button type="submit">Next</Button>
            ) : (
              <Button type="submit" loading={create.loading}>
                Create application
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

// ------------------------------------------------------------------ edit

function EditApplicationModal({ client, onClose }: { client: Client | null; onClose: () => void }) {
  const update = useMutation('clients.update');
  const [name, setName] = useState('');
  const [redirectUris, setRedirectUris] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [accessTtl, setAccessTtl] = useState<number | ''>('');
  const [refreshTtl, setRefreshTtl] = useState<number | ''>('');
  const [firstParty, setFirstParty] = useState(false);
  const [passwordWithSecondFactor, setPasswordWithSecondFactor] = useState(false);
  useEffect(() => {
    if (!client) return;
    setPasswordWithSecondFactor(client.passwordWithSecondFactor);
    update.reset();
    setName(client.name);
    setRedirectUris(client.redirectUris.join('\n'));
    setScopes(client.scopes);
    setAccessTtl(client.accessTokenTtl);
    setRefreshTtl(client.refreshTokenTtl);
    setFirstParty(client.firstParty);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client]);
  if (!client) return <Modal opened={false} onClose={onClose} title="" />;
  const save = async () => {
    const result = await update.run({
      clientId: client.clientId,
      name,
      ...(needsRedirects(client.grants) ? { redirectUris: lines(redirectUris) } : {}),
      scopes,
      ...(accessTtl !== '' ? { accessTokenTtl: accessTtl } : {}),
      ...(refreshTtl !== '' && client.grants.includes('refresh_token') ? { refreshTokenTtl: refreshTtl } : {}),
      firstParty,
      ...(client.grants.includes('password') ? { passwordWithSecondFactor } : {}),
    });
    if (result) {
      notifications.show({ color: 'teal', message: `Saved ${result.name}.` });
      onClose();
    }
  };
  return (
    <FormModal opened onClose={onClose} title={`Edit ${client.name}`} size="lg" submitLabel="Save changes" loading={update.loading} error={update.error} onSubmit={() => void save()}>
      <Text size="sm" c="dimmed">
        {KIND_INFO[client.kind].label} · client id <code>{client.clientId}</code> · grants {client.grants.join(', ')}
      </Text>
      <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(update.error, 'name')} data-autofocus />
      {needsRedirects(client.grants) ? (
        <Textarea label="Redirect URIs" description="One per line." autosize minRows={2} value={redirectUris} onChange={(e) => setRedirectUris(e.currentTarget.value)} error={fieldError(update.error, 'redirectUris')} />
      ) : null}
      <ScopeSelect value={scopes} onChange={setScopes} error={fieldError(update.error, 'scopes')} />
      <Group grow align="flex-start">
        <TtlInput label="Access token lifetime" value={accessTtl} onChange={setAccessTtl} error={fieldError(update.error, 'accessTokenTtl')} />
        {client.grants.includes('refresh_token') ? <TtlInput label="Refresh token lifetime" value={refreshTtl} onChange={setRefreshTtl} error={fieldError(update.error, 'refreshTokenTtl')} /> : null}
      </Group>
      <Switch label="First-party: skip the consent screen" checked={firstParty} onChange={(e) => setFirstParty(e.currentTarget.checked)} />
      {client.grants.includes('password') ? <PasswordWithSecondFactorSwitch checked={passwordWithSecondFactor} onChange={setPasswordWithSecondFactor} /> : null}
    </FormModal>
  );
}

// ------------------------------------------------------------------ screen

export function Applications() {
  const [queryRaw, setQuery] = useState('');
  const [query] = useDebouncedValue(queryRaw.trim(), 250);
  const list = usePaged('clients.list', { ...(query ? { query } : {}), limit: 100 }, { refreshOn: ['client.changed', 'token.issued', 'token.revoked'] });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Client | null>(null);
  const [secret, setSecret] = useState<{ clientId: string; value: string } | null>(null);
  const rotating = useConfirmedAction('clients.rotateSecret', (c: Client) => ({ clientId: c.clientId }), (result) => setSecret({ clientId: result.clientId, value: result.clientSecret }));
  const deleting = useConfirmedAction(
    'clients.delete',
    (c: Client) => ({ clientId: c.clientId }),
    (_, c) => {
      notifications.show({ color: 'teal', message: `Deleted ${c.name}.` });
      list.reload();
    },
  );
  const update = useMutation('clients.update');

  const toggleDisabled = async (client: Client) => {
    const result = await withProgress(
      `${client.disabled ? 'Enabling' : 'Disabling'} ${client.name}…`,
      () => update.run({ clientId: client.clientId, disabled: !client.disabled }),
      (c) => `${c.name} is now ${c.disabled ? 'disabled: it cannot get new tokens' : 'enabled'}.`,
    );
    if (result) list.reload();
  };

  return (
    <Stack>
      <PageHeader
        title="Applications"
        description="Every website, app, device and service allowed to ask this hub for tokens."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New application
          </Button>
        }
      />
      <TextInput
        leftSection={<IconSearch size={16} aria-hidden />}
        placeholder="Search by name or client id"
        aria-label="Search applications"
        value={queryRaw}
        onChange={(e) => setQuery(e.currentTarget.value)}
        maw={420}
      />
      <ErrorAlert error={list.error ?? update.error} onClose={update.error ? update.reset : undefined} />
      {list.loaded && list.items.length === 0 && !list.error ? (
        query ? (
          <EmptyState icon={<IconSearch aria-hidden />} title="No application matches" description={`Nothing is called “${query}”. Clear the search to see every application.`} />
        ) : (
          <EmptyState
            icon={<IconApps aria-hidden />}
            title="No applications yet"
            description="Create one to let a website, phone app, device or service sign people in or get tokens from this hub."
          >
            <EmptyState.Actions>
              <Button onClick={() => setCreating(true)}>Create an application</Button>
            </EmptyState.Actions>
          </EmptyState>
        )
      ) : null}
      {list.items.length ? (
        <TableCard minWidth={860} highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th miw={140}>Kind</Table.Th>
              <Table.Th>Client id</Table.Th>
              <Table.Th>Grants</Table.Th>
              <Table.Th>Live tokens</Table.Th>
              <Table.Th>Last seen</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.items.map((c) => (
              <Table.Tr key={c.clientId}>
                <Table.Td>
                  <Group gap="xs">
                    <Text fw={600}>{c.name}</Text>
                    {c.disabled ? <Badge color="gray">disabled</Badge> : null}
                    {c.firstParty ? (
                      <Badge variant="outline" size="sm">
                        first party
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" tt="none" style={{ overflow: 'visible' }}>
                    {KIND_INFO[c.kind].short}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <Text ff="monospace" size="sm">
                      {c.clientId}
                    </Text>
                    <CopyIcon value={c.clientId} label={`Copy client id of ${c.name}`} />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{c.grants.join(', ')}</Text>
                </Table.Td>
                <Table.Td>{c.liveTokens}</Table.Td>
                <Table.Td>{formatAgo(c.lastSeenAt)}</Table.Td>
                <Table.Td>
                  <RowMenu label={`Actions for ${c.name}`}>
                    <Menu.Item onClick={() => setEditing(c)}>Edit…</Menu.Item>
                    {!c.public ? (
                      <Menu.Item onClick={() => rotating.ask(c)}>Rotate secret…</Menu.Item>
                    ) : null}
                    <Menu.Item onClick={() => void toggleDisabled(c)}>{c.disabled ? 'Enable' : 'Disable'}</Menu.Item>
                    <Menu.Divider />
                    <Menu.Item color="red" onClick={() => deleting.ask(c)}>
                      Delete…
                    </Menu.Item>
                  </RowMenu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </TableCard>
      ) : null}
      <LoadMoreButton list={list} />

      <CreateApplicationWizard
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(client, clientSecret) => {
          setCreating(false);
          notifications.show({ color: 'teal', message: `Created ${client.name}.` });
          if (clientSecret) setSecret({ clientId: client.clientId, value: clientSecret });
          list.reload();
        }}
      />
      <EditApplicationModal client={editing} onClose={() => setEditing(null)} />
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
      <ConfirmModal {...rotating.modal} title={`Rotate the secret of ${rotating.target?.name ?? ''}?`} confirmLabel="Rotate secret" color="orange">
        <Text size="sm">The current secret stops working at once. The application cannot get new tokens until you give it the new secret.</Text>
      </ConfirmModal>
      <TypedConfirmModal {...deleting.modal} title={`Delete ${deleting.target?.name ?? ''}?`} word={deleting.target?.name ?? ''} confirmLabel="Delete application">
        <Text size="sm">
          This deletes the application and revokes its {deleting.target?.liveTokens ?? 0} live token{deleting.target?.liveTokens === 1 ? '' : 's'}. It cannot be undone.
        </Text>
      </TypedConfirmModal>
    </Stack>
  );
}
