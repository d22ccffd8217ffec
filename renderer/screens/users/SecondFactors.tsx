// A user's second factors in the console: badges for what they have set up, and the
// administrator's reset for someone who lost their phone or security key (audited by the hub).
import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { notifications } from '@mantine/notifications';
import type { SecondFactors, User } from '../../../shared/admin-contract.ts';
import { useConfirmedAction } from '../../lib/confirm.ts';
import { ConfirmModal } from '../../components/modals.tsx';

export const hasSecondFactor = (factors: SecondFactors): boolean => factors.totp || factors.passkeys > 0;

export function SecondFactorBadges({ factors }: { factors: SecondFactors }) {
  const { t } = useTranslation();
  if (!hasSecondFactor(factors)) {
    return (
      <Text size="sm" c="dimmed">
        {t('console.users.passwordOnly')}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {factors.totp ? (
        <Badge variant="light" color="grape" style={{ textTransform: 'none' }}>
          {t('console.users.authenticatorApp')}
        </Badge>
      ) : null}
      {factors.passkeys ? (
        <Badge variant="light" color="grape" style={{ textTransform: 'none' }}>
          {t('console.users.passkeys', { count: factors.passkeys })}
        </Badge>
      ) : null}
    </Group>
  );
}

/** "Reset second factors…": the confirmation and the call; `ask(user)` opens it. */
export function useResetSecondFactors(onDone: () => void) {
  const { t } = useTranslation();
  const reset = useConfirmedAction(
    'users.resetSecondFactors',
    (u: User) => ({ id: u.id }),
    (_, u) => {
      notifications.show({ color: 'teal', message: t('console.users.factorsRemoved', { name: u.username }) });
      onDone();
    },
  );
  const modal = (
    <ConfirmModal {...reset.modal} title={t('console.users.resetFactorsTitle', { name: reset.target?.username ?? '' })} confirmLabel={t('console.users.resetFactorsConfirm')} color="orange">
      <Text size="sm">{t('console.users.resetFactorsText')}</Text>
    </ConfirmModal>
  );
  return { ask: reset.ask, modal };
}
