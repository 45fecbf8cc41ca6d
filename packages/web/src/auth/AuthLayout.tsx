import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../components/Brand';
import { LanguageSwitcher } from '../components/LanguageSwitcher';

/** Frame for the pages shown before the app shell: setup, login, forced 2FA enrolment. */
export function AuthLayout({ title, subtitle, children, width = 440 }: { title: string; subtitle?: ReactNode; children: ReactNode; width?: number }) {
  const { t } = useTranslation();
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" px="lg" py="md">
        <Brand />
        <LanguageSwitcher />
      </Group>
      <Center px="md" pb={48} pt={24}>
        <Stack w="100%" maw={width} gap="md">
          <Paper withBorder shadow="sm" radius="md" p="xl">
            <Stack gap={4} mb="lg">
              <Title order={2} data-testid="page-title">
                {title}
              </Title>
              {subtitle ? (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Paper>
          <Text c="dimmed" size="xs" ta="center">
            {t('brand.tagline')}
          </Text>
        </Stack>
      </Center>
    </Box>
  );
}
