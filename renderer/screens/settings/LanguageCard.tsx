// The console's language, chosen by the operator: applied at once and remembered on this device
// (lib/i18n.ts). Each language is named in itself.
import { Card, Select, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CATALOGS, LANGUAGES, isLanguage } from '../../../shared/i18n/catalogs.ts';
import { chooseLanguage, currentLocale } from '../../lib/i18n.ts';

export function LanguageCard() {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('console.settings.languageTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('console.settings.languageHelp')}
        </Text>
        <Select
          label={t('language.choose')}
          data={LANGUAGES.map((language) => ({ value: language, label: CATALOGS[language].language.name }))}
          value={isLanguage(i18n.language) ? i18n.language : currentLocale()}
          onChange={(value) => {
            if (isLanguage(value)) chooseLanguage(value);
          }}
          allowDeselect={false}
          maw={280}
        />
      </Stack>
    </Card>
  );
}
