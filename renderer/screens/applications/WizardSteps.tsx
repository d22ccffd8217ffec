// The create wizard's three steps: what kind of application, its details, and its token
// lifetimes with a review.
import { Accordion, Alert, Card, Checkbox, Group, Radio, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { CLIENT_KINDS, DEFAULT_GRANTS, PUBLIC_KINDS, type AdminError, type ClientKind } from '../../../shared/admin-contract.ts';
import { fieldError } from '../../lib/mutation.ts';
import { ScopeSelect, TtlInput, needsRedirects } from './fields.tsx';
import { GRANT_WORDS, KIND_INFO } from './kinds.ts';
import type { DraftState } from './useDraft.ts';

type StepProps = { state: DraftState; error: AdminError | null };

export function KindStep({ state, error }: StepProps) {
  return (
    <Radio.Group value={state.draft.kind ?? ''} onChange={(v) => state.set('kind', v as ClientKind)} label="What kind of application are you adding?" error={fieldError(error, 'kind')}>
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
  );
}

export function DetailsStep({ state: { draft, set, grants }, error }: StepProps) {
  return (
    <Stack>
      <TextInput label="Name" description="Shown to people when they sign in." value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError(error, 'name')} required data-autofocus />
      {needsRedirects(grants) ? (
        <Textarea
          label="Redirect URIs"
          description="Where the hub may send people back after sign-in, one per line, exactly as the app sends them."
          placeholder="https://photos.local/oauth/callback"
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
        <Switch label="First-party: skip the consent screen" description="Only for applications you run yourself." checked={draft.firstParty} onChange={(e) => set('firstParty', e.currentTarget.checked)} />
      ) : null}
    </Stack>
  );
}

function LegacyOptions({ state: { draft, set } }: { state: DraftState }) {
  return (
    <Accordion variant="contained">
      <Accordion.Item value="legacy">
        <Accordion.Control>Legacy options</Accordion.Control>
        <Accordion.Panel>
          <Stack gap="xs">
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              The implicit grant hands tokens to the browser in the URL, where they can leak through history and logs. Turn it on only for an old app that cannot do anything else.
            </Alert>
            <Checkbox label="Also allow the implicit grant" checked={draft.implicit} onChange={(e) => set('implicit', e.currentTarget.checked)} />
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

export function LifetimesStep({ state, error }: StepProps) {
  const { draft, set, grants } = state;
  return (
    <Stack>
      <Group grow align="flex-start">
        <TtlInput label="Access token lifetime" value={draft.accessTokenTtl} onChange={(v) => set('accessTokenTtl', v)} error={fieldError(error, 'accessTokenTtl')} />
        {grants.includes('refresh_token') ? (
          <TtlInput label="Refresh token lifetime" value={draft.refreshTokenTtl} onChange={(v) => set('refreshTokenTtl', v)} error={fieldError(error, 'refreshTokenTtl')} />
        ) : null}
      </Group>
      {draft.kind === 'web' || draft.kind === 'spa' ? <LegacyOptions state={state} /> : null}
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
  );
}
