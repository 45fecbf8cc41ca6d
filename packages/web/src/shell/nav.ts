import { IconBuilding, IconShieldCheck, IconChecklist, IconGavel, IconInbox, IconKey, IconListDetails, IconMessages, IconShieldLock, IconUsers, IconWebhook, type Icon } from '@tabler/icons-react';

export interface NavItem {
  path: string;
  permission: string;
  /** Other permissions that also open the page (any one of them is enough). */
  orPermissions?: string[];
  labelKey: string;
  icon: Icon;
  testId: string;
  section: 'work' | 'admin';
  /** Full-width page without the centred column (the inbox). */
  wide?: boolean;
}

/** Pages of the shell and the permission each needs (the same names the server's matrix uses). */
export const NAV_ITEMS: NavItem[] = [
  { path: '/inbox', permission: 'conversations:read', labelKey: 'nav.inbox', icon: IconInbox, testId: 'nav-inbox', section: 'work', wide: true },
  { path: '/dpo', permission: 'alerts:read', labelKey: 'dpo.nav', icon: IconShieldCheck, testId: 'nav-dpo', section: 'work', wide: true },
  { path: '/users', permission: 'users:read', labelKey: 'nav.users', icon: IconUsers, testId: 'nav-users', section: 'admin' },
  { path: '/channels', permission: 'channels:manage', labelKey: 'nav.channels', icon: IconMessages, testId: 'nav-channels', section: 'admin' },
  { path: '/webhooks', permission: 'webhooks:manage', labelKey: 'nav.webhooks', icon: IconWebhook, testId: 'nav-webhooks', section: 'admin' },
  { path: '/tokens', permission: 'tokens:manage', labelKey: 'nav.tokens', icon: IconKey, testId: 'nav-tokens', section: 'admin' },
  { path: '/allowlist', permission: 'allowlist:manage', labelKey: 'nav.allowlist', icon: IconShieldLock, testId: 'nav-allowlist', section: 'admin' },
  { path: '/organization', permission: 'org:read', labelKey: 'nav.organization', icon: IconBuilding, testId: 'nav-organization', section: 'admin' },
  { path: '/consent', permission: 'consent:read', labelKey: 'consent.nav', icon: IconChecklist, testId: 'nav-consent', section: 'admin' },
  // Agents register requests and decide corrections; the DPO and auditors read the queue (auditors read-only).
  { path: '/requests', permission: 'requests:register', orPermissions: ['requests:read', 'corrections:decide'], labelKey: 'requests.nav', icon: IconGavel, testId: 'nav-requests', section: 'admin' },
  { path: '/audit', permission: 'audit:read', labelKey: 'nav.audit', icon: IconListDetails, testId: 'nav-audit', section: 'admin' },
];

/** Whether a session with these permissions may open the page. */
export const navItemAllowed = (item: NavItem, permissions: string[]) => permissions.includes(item.permission) || !!item.orPermissions?.some((p) => permissions.includes(p));

