// When an account (a guest's) or a pairing ends: a choice of durations from now, as the
// contract's ISO time. "Never" only where an end is optional.
import { Select } from '@mantine/core';

const CHOICES = [
  { value: '3600', label: 'In 1 hour' },
  { value: '86400', label: 'In 24 hours' },
  { value: '259200', label: 'In 3 days' },
  { value: '604800', label: 'In 7 days' },
  { value: '2592000', label: 'In 30 days' },
];

/** `seconds` from now as an ISO-8601 time, for `expiresAt`. */
export const expiresIn = (seconds: number, now = Date.now()): string => new Date(now + seconds * 1000).toISOString();

/** Seconds from now, or null for "never". */
export function ExpiryField(props: { label: string; description?: string; value: number | null; onChange: (seconds: number | null) => void; allowNever?: boolean; error?: string | undefined }) {
  const data = props.allowNever === false ? CHOICES : [{ value: 'never', label: 'Never' }, ...CHOICES];
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
