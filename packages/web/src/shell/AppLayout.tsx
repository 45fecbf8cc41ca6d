import { AppShell, Avatar, Badge, Burger, Group, Menu, NavLink, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLogout, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, forgetCsrfToken } from '../api/client';
import type { Session } from '../api/types';
import { sessionKey, setupKey } from '../auth/session';
import { Brand } from '../components/Brand';
import { notifyError } from '../components/feedback';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { Link, navigate, usePathname } from '../router';
import { NAV_ITEMS, navItemAllowed } from './nav';

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

export function AppLayout({ session, children }: { session: Session; children: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const pathname = usePathname();
  const [opened, { toggle, close }] = useDisclosure();
  const items = NAV_ITEMS.filter((item) => navItemAllowed(item, session.permissions));
  const wide = NAV_ITEMS.some((item) => item.wide && item.path === pathname);

  useEffect(close, [pathname, close]);

  const logout = useMutation({
    mutationFn: () => api('/api/v1/auth/logout', { method: 'POST' }),
    onSuccess: () => {
      forgetCsrfToken();
      // Drop everything the previous user could see before showing the login page.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== setupKey[0] });
      queryClient.setQueryData(sessionKey, null);
      navigate('/login', { replace: true });
      notifications.show({ color: 'gray', message: t('shell.loggedOut') });
    },
    onError: (err) => notifyError(t, err),
  });

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('shell.toggleNav')} />
            <Brand />
            <Badge variant="light" color="gray" size="lg" radius="sm" visibleFrom="xs" tt="none" data-testid="org-name">
              {session.organization.name}
            </Badge>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitcher />
            <Menu position="bottom-end" shadow="md" width={240} withinPortal>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu" aria-label={t('shell.userMenu')}>
                  <Group gap={8} wrap="nowrap">
                    <Avatar radius="xl" size={32} color="blue">
                      {initials(session.user.name, session.user.email)}
                    </Avatar>
                    <Stack gap={0} visibleFrom="md">
                      <Text size="sm" fw={500} lh={1.2}>
                        {session.user.name || session.user.email}
                      </Text>
                      <Text size="xs" c="dimmed" lh={1.2}>
                        {t(`roles.${session.user.role}`)}
                      </Text>
                    </Stack>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{session.user.email}</Menu.Label>
                <Menu.Item leftSection={<IconShieldCheck size={16} />} onClick={() => navigate('/security')} data-testid="menu-security">
                  {t('shell.security')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => logout.mutate()} data-testid="logout">
                  {t('shell.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          {(['work', 'admin'] as const).map((section) => {
            const inSection = items.filter((item) => item.section === section);
            if (inSection.length === 0) return null;
            return (
              <div key={section}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={6}>
                  {t(section === 'work' ? 'nav.workspace' : 'nav.administration')}
                </Text>
                {inSection.map((item) => (
                  <NavLink
                    key={item.path}
                    component={Link}
                    href={item.path}
                    label={t(item.labelKey)}
                    leftSection={<item.icon size={18} stroke={1.6} />}
                    active={pathname === item.path}
                    data-testid={item.testId}
                    style={{ borderRadius: 6 }}
                  />
                ))}
              </div>
            );
          })}
        </AppShell.Section>
        <AppShell.Section>
          <NavLink
            component={Link}
            href="/security"
            label={t('shell.security')}
            leftSection={<IconShieldCheck size={18} stroke={1.6} />}
            active={pathname === '/security'}
            data-testid="nav-security"
            style={{ borderRadius: 6 }}
          />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="var(--mantine-color-gray-0)">
        {wide ? children : <div style={{ maxWidth: 1200, margin: '0 auto' }}>{children}</div>}
      </AppShell.Main>
    </AppShell>
  );
}
