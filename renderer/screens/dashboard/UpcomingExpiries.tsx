// Dashboard: guests whose accounts end within a week (or have ended), and roles held until a time
// that ends within it, soonest first; nothing when there are none. Reloaded on user changes and every minute (time passing announces nothing).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Card, Group, List, Text, Title } from '@mantine/core';
import { useNow } from '../../lib/clock.ts';
import { formatAgo, formatTime } from '../../lib/format.ts';
import { useOperation } from '../../lib/operation.ts';

const WEEK = 7 * 86_400;

export function UpcomingExpiries() {
  const { t } = useTranslation();
  const expiring = useOperation('users.expiring', { withinSeconds: WEEK }, { refreshOn: ['user.changed'] });
  const { reload } = expiring;
  useEffect(() => {
    const timer = setInterval(reload, 60_000);
    return () => clearInterval(timer);
  }, [reload]);
  const users = expiring.data ?? [];
  const now = useNow(60_000);
  if (!users.length) return null;
  return (
    <Card withBorder padding="md" aria-labelledby="upcoming-expiries">
      <Title order={2} size="h5" id="upcoming-expiries" mb="xs">
        {t('console.dashboard.guestsEnding')}
      </Title>
      <List spacing={4} listStyleType="none">
        {users.map((user) => {
          const ended = !!user.expiresAt && Date.parse(user.expiresAt) <= now;
          const roles = Object.entries(user.roleExpiries ?? {}).filter(([, at]) => Date.parse(at) <= now + WEEK * 1000);
          return (
            <List.Item key={user.id}>
              <Group gap="xs">
                <Text fw={600}>{user.username}</Text>
                {user.expiresAt ? (
                  <Text size="sm" title={formatTime(user.expiresAt)}>
                    {ended ? t('console.dashboard.endedAgo', { ago: formatAgo(user.expiresAt) }) : t('console.dashboard.endsAt', { time: formatTime(user.expiresAt) })}
                  </Text>
                ) : null}
                {roles.map(([role, at]) => (
                  <Text key={role} size="sm" title={formatTime(at)}>
                    {t('console.dashboard.roleEndsAt', { role, time: formatTime(at) })}
                  </Text>
                ))}
                {ended ? <Badge color="gray">{t('console.dashboard.ended')}</Badge> : null}
              </Group>
            </List.Item>
          );
        })}
      </List>
    </Card>
  );
}
