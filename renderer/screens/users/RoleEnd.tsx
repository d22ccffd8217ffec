// When one role assignment ends, chosen in the roles form: unchanged (when it has an end), never,
// or a duration from now — the same durations as an account's end.
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EXPIRY_CHOICES, expiresIn } from '../../components/ExpiryField.tsx';
import { formatTime } from '../../lib/format.ts';

/** 'keep': leave the end as it is; null: held for good; a number: ends that many seconds from now. */
export type RoleEndChoice = 'keep' | null | number;

/** The roleExpiries to send: only the roles whose end the operator chose. */
export function roleExpiriesOf(roles: readonly string[], choices: Readonly<Record<string, RoleEndChoice>>, now = Date.now()): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const role of roles) {
    const choice = choices[role] ?? 'keep';
    if (choice !== 'keep') out[role] = choice === null ? null : expiresIn(choice, now);
  }
  return out;
}

export function RoleEnd(props: { role: string; current: string | undefined; value: RoleEndChoice; onChange: (choice: RoleEndChoice) => void; error?: string | undefined }) {
  const { t } = useTranslation();
  const data = [
    ...(props.current ? [{ value: 'keep', label: t('console.users.roleEndsUnchanged', { time: formatTime(props.current) }) }] : []),
    { value: 'never', label: t('console.expiry.never') },
    ...EXPIRY_CHOICES.map((choice) => ({ value: choice.value, label: t(`console.expiry.${choice.key}`) })),
  ];
  const value = props.value === 'keep' ? (props.current ? 'keep' : 'never') : props.value === null ? 'never' : String(props.value);
  return (
    <Select
      size="xs"
      ml="xl"
      label={t('console.users.roleEnds', { role: props.role })}
      data={data}
      value={value}
      onChange={(next) => props.onChange(next === 'keep' ? 'keep' : !next || next === 'never' ? null : Number(next))}
      error={props.error}
      allowDeselect={false}
    />
  );
}
