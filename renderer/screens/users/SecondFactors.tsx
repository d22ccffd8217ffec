// A user's second factors in the console: badges for what they have set up, and the
// administrator's reset for someone who lost their phone or security key (audited by the hub).
import { Badge, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SecondFactors, User } from '../../../shared/admin-contract.ts';
import { useConfirmedAction } from '../../lib/confirm.ts';
import { ConfirmModal } from '../../components/modals.tsx';

export const hasSecondFactor = (factors: SecondFactors): boolean => factors.totp || factors.passkeys > 0;

export function SecondFactorBadges({ factors }: { factors: SecondFactors }) {
  if (!hasSecondFactor(factors)) {
    return (
      <Text size="sm" c="dimmed">
        password only
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {factors.totp ? (
        <Badge variant="light" color="grape" style={{ textTransform: 'none' }}>
          authenticator app
        </Badge>
      ) : null}
      {factors.passkeys ? (
        <Badge variant="light" color="grape" style={{ textTransform: 'none' }}>
          {factors.passkeys} passkey{factors.passkeys === 1 ? '' : 's'}
        </Badge>
      ) : null}
    </Group>
  );
}

/** "Reset second factors…": the confirmation and the call; `ask(user)` opens it. */
export function useResetSecondFactors(onDone: () => void) {
  const reset = useConfirmedAction(
    'users.resetSecondFactors',
    (u: User) => ({ id: u.id }),
    (_, u) => {
      notifications.show({ color: 'teal', message: `Removed the second factors of ${u.username}.` });
      onDone();
    },
  );
  const modal = (
    <ConfirmModal {...reset.modal} title={`Reset the second factors of ${reset.target?.username ?? ''}?`} confirmLabel="Remove second factors" color="orange">
      <Text size="sm">
        This removes their authenticator app, passkeys and recovery codes. Do it only after checking in person that they lost them: until they set up a new one,
        their password alone signs them in (or, if their role requires a second factor, they set one up at their next sign-in).
      </Text>
    </ConfirmModal>
  );
  return { ask: reset.ask, modal };
}
