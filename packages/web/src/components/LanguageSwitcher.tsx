import { Button, Menu } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, currentLanguage } from '../i18n';

/** Visible language picker; i18next's detector stores the choice in localStorage. */
export function LanguageSwitcher() {
  const { i18n, t } = useTranslation();
  const current = currentLanguage(i18n.language);
  const label = LANGUAGES.find((l) => l.code === current)?.label ?? current;
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          leftSection={<IconLanguage size={16} />}
          aria-label={t('language.choose')}
          data-testid="language-switcher"
        >
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('language.choose')}</Menu.Label>
        {LANGUAGES.map((lang) => (
          <Menu.Item
            key={lang.code}
            lang={lang.code}
            data-testid={`language-${lang.code}`}
            rightSection={lang.code === current ? <IconCheck size={14} /> : null}
            onClick={() => void i18n.changeLanguage(lang.code)}
          >
            {lang.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
