// When an account (a guest's) or a pairing ends: a choice of durations from now, as the
// contract's ISO time. "Never" only where an end is optional.
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const EXPIRY_CHOICES = [
  { value: '3600', key: 'in1h' },
  { value: '86400', key: 'in24h' },
  { value: '259200', key: 'in3d' },
  { value: '604800', key: 'in7d' },
  { value: '2592000', key: 'in30d' },
] as const;

/** `seconds` from now as an ISO-8601 time, for `expiresAt`. */
export const expiresIn = (seconds: number, now = Date.now()): string => new Date(now + seconds * 1000).toISOString();

/** Seconds from now, or null for "never". */
export function ExpiryField(props: { label: string; description?: string; value: number | null; onChange: (seconds: number | null) => void; allowNever?: boolean; error?: string | undefined }) {
  const { t } = useTranslation();
  const choices = EXPIRY_CHOICES.map((choice) => ({ value: choice.value, label: t(`console.expiry.${choice.key}`) }));
  const data = props.allowNever === false ? choices : [{ value: 'never', label: t('console.expiry.never') }, ...choices];
  return (
    <Select
      label={props.label}
      description={props.description}
      data={data}
      value={props.value === null ? 'never' : String(props.value)}
      onChange={(value) => props.onChange(!value || value === 'never' ? null : Number(value))}
      error={props.error}
      allowDeselect={false}
    />
  );
}
