import { IconBuilding, IconKey, IconListDetails, IconShieldLock, IconUsers, type Icon } from '@tabler/icons-react';

export interface NavItem {
  path: string;
  permission: string;
  labelKey: string;
  icon: Icon;
  testId: string;
}

/** Pages of the shell and the permission each needs (the same names the server's matrix uses). */
export const NAV_ITEMS: NavItem[] = [
  { path: '/users', permission: 'users:read', labelKey: 'nav.users', icon: IconUsers, testId: 'nav-users' },
  { path: '/tokens', permission: 'tokens:manage', labelKey: 'nav.tokens', icon: IconKey, testId: 'nav-tokens' },
  { path: '/allowlist', permission: 'allowlist:manage', labelKey: 'nav.allowlist', icon: IconShieldLock, testId: 'nav-allowlist' },
  { path: '/organization', permission: 'org:read', labelKey: 'nav.organization', icon: IconBuilding, testId: 'nav-organization' },
  { path: '/audit', permission: 'audit:read', labelKey: 'nav.audit', icon: IconListDetails, testId: 'nav-audit' },
];
