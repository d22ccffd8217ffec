// Form fields the create wizard and the edit dialog share: a token lifetime, the scopes an
// application may ask for, and the redirect URIs as lines of text.
import { MultiSelect, NumberInput } from '@mantine/core';
import type { GrantName } from '../../../shared/admin-contract.ts';
import { formatDuration } from '../../lib/format.ts';
import { useOperation } from '../../lib/operation.ts';
import { useTranslation } from 'react-i18next';

/** Browser sign-in (code or implicit) sends people back to a redirect URI. */
export const needsRedirects = (grants: GrantName[]) => grants.includes('authorization_code') || grants.includes('implicit');

/** Non-empty trimmed lines. */
export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

export function TtlInput({ label, value, onChange, error }: { label: string; value: number | ''; onChange: (v: number | '') => void; error?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <NumberInput
      label={label}
      description={value ? `= ${formatDuration(Number(value))}` : t('console.wizard.ttlEmpty')}
      placeholder={t('console.wizard.hubDefault')}
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

export function ScopeSelect({ value, onChange, error }: { value: string[]; onChange: (v: string[]) => void; error?: string | undefined }) {
  const scopes = useOperation('scopes.list', {}, { refreshOn: ['role.changed'] });
  const { t } = useTranslation();
  const data = (scopes.data ?? []).map((s) => ({ value: s.name, label: s.description ? `${s.name} — ${s.description}` : s.name }));
  for (const v of value) if (!data.some((d) => d.value === v)) data.push({ value: v, label: v });
  return (
    <MultiSelect
      label={t('console.wizard.scopes')}
      description={t('console.wizard.scopesHelp')}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      error={error}
      nothingFoundMessage={t('console.wizard.noScope')}
    />
  );
}
