// The create wizard's three steps: what kind of application, its details (with the redirect and
// sign-out addresses of one that signs people in through the browser), and its token lifetimes
// with a review.
import { Accordion, Alert, Card, Checkbox, Group, Radio, SimpleGrid, Stack, Switch, Text, TextInput, Textarea } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { CLIENT_KINDS, DEFAULT_GRANTS, PUBLIC_KINDS, type AdminError, type ClientKind } from '../../../shared/admin-contract.ts';
import { fieldError } from '../../lib/mutation.ts';
import { ScopeSelect, TtlInput, needsRedirects } from './fields.tsx';
import { GRANT_WORDS, KIND_INFO } from './kinds.ts';
import { LogoutFields } from './LogoutFields.tsx';
import type { DraftState } from './useDraft.ts';
import { useTranslation } from 'react-i18next';

type StepProps = { state: DraftState; error: AdminError | null };

export function KindStep({ state, error }: StepProps) {
  const { t } = useTranslation();
  return (
    <Radio.Group value={state.draft.kind ?? ''} onChange={(v) => state.set('kind', v as ClientKind)} label={t('console.wizard.whatKind')} error={fieldError(error, 'kind')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} mt="sm">
        {CLIENT_KINDS.map((kind) => (
          <Radio.Card key={kind} value={kind} p="md" radius="md" aria-label={t(KIND_INFO[kind].label)}>
            <Group wrap="nowrap" align="flex-start">
              <Radio.Indicator />
              <div>
                <Text fw={600}>{t(KIND_INFO[kind].label)}</Text>
                <Text size="sm" c="dimmed">
                  {t(KIND_INFO[kind].explain)}
                </Text>
                <Text size="xs" mt={4}>
                  {t(PUBLIC_KINDS.has(kind) ? 'console.wizard.allowedNoSecret' : 'console.wizard.allowedSecret', { grants: DEFAULT_GRANTS[kind].map((g) => t(GRANT_WORDS[g])).join(', ') })}
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
  const { t } = useTranslation();
  return (
    <Stack>
      <TextInput label={t('console.common.name')} description={t('console.wizard.nameHelp')} value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldError(error, 'name')} required data-autofocus />
      {needsRedirects(grants) ? (
        <Textarea
          label={t('console.wizard.redirects')}
          description={t('console.wizard.redirectsHelp')}
          placeholder="https://photos.local/oauth/callback"
          autosize
          minRows={2}
          value={draft.redirectUris}
          onChange={(e) => set('redirectUris', e.currentTarget.value)}
          error={fieldError(error, 'redirectUris')}
        />
      ) : null}
      {needsRedirects(grants) ? (
        <LogoutFields value={draft.logout} onChange={(v) => set('logout', v)} errors={{ postLogoutRedirectUris: fieldError(error, 'postLogoutRedirectUris'), backchannelLogoutUri: fieldError(error, 'backchannelLogoutUri') }} />
      ) : null}
      {draft.kind === 'device' ? (
        <Switch
          label={t('console.wizard.pairs')}
          description={t('console.wizard.pairsHelp')}
          checked={draft.pairWithCode}
          onChange={(e) => set('pairWithCode', e.currentTarget.checked)}
        />
      ) : null}
      <ScopeSelect value={draft.scopes} onChange={(v) => set('scopes', v)} error={fieldError(error, 'scopes')} />
      {draft.kind !== 'first_party' ? (
        <Switch label={t('console.wizard.firstParty')} description={t('console.wizard.firstPartyHelp')} checked={draft.firstParty} onChange={(e) => set('firstParty', e.currentTarget.checked)} />
      ) : null}
    </Stack>
  );
}

function LegacyOptions({ state: { draft, set } }: { state: DraftState }) {
  const { t } = useTranslation();
  return (
    <Accordion variant="contained">
      <Accordion.Item value="legacy">
        <Accordion.Control>{t('console.wizard.legacy')}</Accordion.Control>
        <Accordion.Panel>
          <Stack gap="xs">
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              {t('console.wizard.implicitWarning')}
            </Alert>
            <Checkbox label={t('console.wizard.implicit')} checked={draft.implicit} onChange={(e) => set('implicit', e.currentTarget.checked)} />
          </Stack>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}

export function LifetimesStep({ state, error }: StepProps) {
  const { draft, set, grants } = state;
  const { t } = useTranslation();
  return (
    <Stack>
      <Group grow align="flex-start">
        <TtlInput label={t('console.wizard.accessTtl')} value={draft.accessTokenTtl} onChange={(v) => set('accessTokenTtl', v)} error={fieldError(error, 'accessTokenTtl')} />
        {grants.includes('refresh_token') ? (
          <TtlInput label={t('console.wizard.refreshTtl')} value={draft.refreshTokenTtl} onChange={(v) => set('refreshTokenTtl', v)} error={fieldError(error, 'refreshTokenTtl')} />
        ) : null}
      </Group>
      {draft.kind === 'web' || draft.kind === 'spa' ? <LegacyOptions state={state} /> : null}
      <Card withBorder>
        <Text size="sm">
          <b>{draft.name || t('console.wizard.unnamed')}</b> — {draft.kind ? t(KIND_INFO[draft.kind].label) : ''}
        </Text>
        <Text size="sm" c="dimmed">
          {t('console.wizard.grantsList', { grants: grants.join(', ') })}
        </Text>
      </Card>
      <Text size="xs" c="dimmed">
        {fieldError(error, 'grants')}
      </Text>
    </Stack>
  );
}
