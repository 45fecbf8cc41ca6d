// Browser test of the platform foundation against the real server: setup -> login -> forced 2FA
// enrolment -> log out -> log in with a fresh TOTP code -> audit log shows it all; plus the language
// switcher. Runs headless Debian chromium through playwright-core.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, ensureWebBuilt, execFileAsync, launchChromium, repoRoot, seeText, startServer, type RunningServer } from './support.js';

const runId = Date.now().toString(36);
const owner = {
  orgName: `E2E Org ${runId}`,
  name: 'Olívia Owner',
  email: `owner-${runId}@e2e.sigilo.test`,
  password: 'Tamarind-Lighthouse-9431!',
};

/** The current 30-second TOTP step; the server refuses a code from a step it has already accepted. */
const totpStep = () => Math.floor(Date.now() / 30_000);

function totpCode(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
}

/** The message Mantine shows under a form field once it is marked invalid. */
async function fieldError(page: Page, testId: string): Promise<string> {
  await page.locator(`[data-testid=${testId}][aria-invalid=true], [data-testid=${testId}][data-invalid]`).waitFor();
  const describedBy = (await page.getByTestId(testId).getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(/\s+/).find((id) => id.endsWith('-error'));
  return errorId ? page.locator(`[id="${errorId}"]`).innerText() : '';
}

async function waitForNextStep(after: number): Promise<void> {
  while (totpStep() <= after) await new Promise((r) => setTimeout(r, 250));
}

describe('platform foundation in the browser', () => {
  let screenshotDir: string;
  let server: RunningServer | undefined;
  let baseUrl: string;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const usesExternalDatabase = !!process.env.DATABASE_URL;
  let totpSecret = '';
  let recoveryCodes: string[] = [];
  let failed = false;
  let lastTotpStep = 0;

  beforeAll(async () => {
    await ensureWebBuilt();
    screenshotDir = await mkdtemp(path.join(tmpdir(), 'sigilo-e2e-screens-'));
    server = await startServer();
    baseUrl = server.baseUrl;

    if (usesExternalDatabase) {
      // A shared PostgreSQL may already hold organisations, so the setup page is not offered: use the CLI.
      const { stdout } = await execFileAsync(
        process.execPath,
        [cli, 'setup', '--org', owner.orgName, '--name', owner.name, '--email', owner.email, '--password', owner.password, '--json'],
        { cwd: repoRoot, env: server.env() },
      );
      const created = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { orgId?: string };
      expect(created.orgId).toBeTruthy();
    }

    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    // Pictures stay only when asked for or when a step failed.
    if (screenshotDir && !failed && !process.env.SIGILO_E2E_SCREENSHOTS) await rm(screenshotDir, { recursive: true, force: true });
  });

  // The steps build on each other: after a failure, keep evidence and skip the rest.
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail' || !page) return;
    failed = true;
    const shot = path.join(screenshotDir, `failure-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    const text = await page.locator('body').innerText().catch(() => '');
    console.error(`step failed at ${page.url()}; screenshot ${shot}\n--- page text ---\n${text.slice(0, 2000)}\n--- server output (tail) ---\n${server?.output().slice(-3000) ?? ''}`);
  });

  const title = () => page.getByTestId('page-title').first();
  // SIGILO_E2E_SCREENSHOTS=1 keeps a picture of every screen for a visual review; by default only the audit page.
  const snap = async (name: string) => {
    if (process.env.SIGILO_E2E_SCREENSHOTS) await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  };

  it('creates the organisation on the setup page (embedded database) or starts at login', async () => {
    await page.goto(baseUrl);
    if (usesExternalDatabase) {
      await page.getByTestId('login-form').waitFor();
      return;
    }
    await page.getByTestId('setup-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');

    await page.getByTestId('setup-org-name').fill(owner.orgName);
    await page.getByTestId('setup-country').click();
    await page.getByRole('option', { name: 'Spain' }).click();
    await page.getByTestId('setup-name').fill(owner.name);
    await page.getByTestId('setup-email').fill(owner.email);

    // A password the server refuses comes back as a message under the password field.
    await page.getByTestId('setup-password').fill('short');
    await page.getByTestId('setup-confirm').fill('short');
    await page.getByTestId('setup-submit').click();
    expect(await fieldError(page, 'setup-password')).toMatch(/12/);
    await snap('setup-error');

    await page.getByTestId('setup-password').fill(owner.password);
    await page.getByTestId('setup-confirm').fill(owner.password);
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
  });

  it('refuses a wrong password, then forces 2FA enrolment for the owner', async () => {
    await page.getByTestId('login-email').fill(owner.email);
    await page.getByTestId('login-password').fill('not-the-password-at-all');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').filter({ hasText: 'Wrong e-mail or password' }).waitFor();
    await snap('login-error');

    await page.getByTestId('login-password').fill(owner.password);
    await page.getByTestId('login-submit').click();

    const secretEl = page.getByTestId('totp-secret');
    await secretEl.waitFor();
    await page.getByTestId('totp-qr').waitFor();
    totpSecret = ((await secretEl.textContent()) ?? '').replace(/\s+/g, '');
    expect(totpSecret).toMatch(/^[A-Z2-7]+=*$/);
    await snap('enrolment');

    lastTotpStep = totpStep();
    await page.getByTestId('totp-code').fill(totpCode(totpSecret));
    await page.getByTestId('totp-enable').click();

    await page.getByTestId('recovery-codes').waitFor();
    recoveryCodes = (await page.getByTestId('recovery-code').allInnerTexts()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(await page.getByTestId('recovery-continue').isDisabled()).toBe(true);
    await snap('recovery-codes');
    await page.getByTestId('recovery-saved').check();
    await page.getByTestId('recovery-continue').click();

    await page.getByTestId('user-menu').waitFor();
    await seeText(page.getByTestId('org-name'), owner.orgName);
  });

  it('logs out and back in with password and a fresh TOTP code', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    await page.getByTestId('login-email').fill(owner.email);
    await page.getByTestId('login-password').fill(owner.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('mfa-form').waitFor();
    await snap('mfa');

    // The code used for enrolment may not be used again: wait for the next 30-second step.
    await waitForNextStep(lastTotpStep);
    lastTotpStep = totpStep();
    await page.getByTestId('mfa-code').fill(totpCode(totpSecret));
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('user-menu').waitFor();
  });

  it('shows login, 2FA enabled and logout in the audit log', async () => {
    await page.getByTestId('nav-audit').click();
    expect(new URL(page.url()).pathname).toBe('/audit');
    await page.getByTestId('audit-table').waitFor();

    for (const [action, label] of [
      ['login.succeeded', 'Signed in'],
      ['2fa.enabled', 'Two-factor authentication turned on'],
      ['logout', 'Logged out'],
    ] as const) {
      const row = page.locator(`[data-testid=audit-row][data-action="${action}"]`).first();
      await seeText(row.getByTestId('audit-action-label'), label);
    }
    // Actor and IP are shown for the entries.
    const loginRow = page.locator('[data-testid=audit-row][data-action="login.succeeded"]').first();
    await expect(loginRow.textContent()).resolves.toMatch(/127\.0\.0\.1|::1/);

    // Filtering by action narrows the table down.
    await page.getByTestId('audit-filter-action').fill('2fa');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid=audit-row]')];
      return rows.length > 0 && rows.every((r) => r.getAttribute('data-action')?.startsWith('2fa'));
    });
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toBe('/api/v1/audit/export.csv?action=2fa');
    await page.getByTestId('audit-filter-action').fill('');
    await page.keyboard.press('Escape');
    await page.locator('[data-testid=audit-row][data-action="logout"]').first().waitFor();

    // A date range that starts tomorrow holds nothing yet; the export link carries the same range.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const typed = `${String(tomorrow.getMonth() + 1).padStart(2, '0')}/${String(tomorrow.getDate()).padStart(2, '0')}/${tomorrow.getFullYear()}`;
    await page.getByTestId('audit-filter-from').fill(typed);
    await page.getByTestId('audit-filter-from').press('Enter');
    await page.getByTestId('empty-state').waitFor();
    const exportHref = (await page.getByTestId('audit-export').getAttribute('href')) ?? '';
    expect(decodeURIComponent(exportHref)).toMatch(/^\/api\/v1\/audit\/export\.csv\?from=\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('[data-testid=audit-row][data-action="logout"]').first().waitFor();

    const shot = path.join(screenshotDir, 'audit.png');
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.SIGILO_E2E_SCREENSHOTS) console.log(`audit page screenshot: ${shot}`);
  });

  it('creates a user, changes their role and disables them', async () => {
    await page.getByTestId('nav-users').click();
    await page.getByTestId('users-table').waitFor();
    await page.getByTestId('role-matrix').waitFor();
    await seeText(page.getByTestId('role-matrix').locator('th'), 'Data protection officer (DPO)');

    const agentEmail = `agent-${runId}@e2e.sigilo.test`;
    await page.getByTestId('user-create-open').click();
    const form = page.getByTestId('user-create-form');
    await form.getByLabel('Full name').fill('Ana Agente');
    await form.getByLabel('E-mail').fill(agentEmail);
    await form.getByLabel('Initial password').fill('Papaya-Harbour-5512!');
    await page.getByTestId('user-create-submit').click();

    const row = page.locator(`[data-testid=user-row][data-email="${agentEmail}"]`);
    await row.waitFor();
    await row.getByTestId('user-role-select').click();
    await page.getByRole('option', { name: 'Supervisor' }).click();
    await page.getByText('Ana Agente is now Supervisor.').waitFor();
    await expect.poll(() => row.getByTestId('user-role-select').inputValue()).toBe('Supervisor');

    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await seeText(row.locator('.mantine-Badge-label'), 'Disabled');
    await snap('users');
  });

  it('creates an API token shown once, which works until it is revoked', async () => {
    await page.getByTestId('nav-tokens').click();
    await page.getByTestId('empty-state').waitFor();
    await page.getByTestId('token-create-open').click();
    await page.getByTestId('token-name').fill('CRM sync');
    await page.getByTestId('token-scopes').click();
    await page.getByRole('option', { name: 'Read the audit log (audit:read)' }).click();
    await page.getByRole('option', { name: 'All permissions' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('token-expiry').fill('30');
    await page.getByTestId('token-create-submit').click();

    const token = ((await page.getByTestId('token-value').textContent()) ?? '').trim();
    expect(token).toMatch(/^sig_/);
    const call = () => fetch(`${baseUrl}/api/v1/audit?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect((await call()).status).toBe(200);
    await page.getByTestId('token-created-close').click();

    const row = page.getByTestId('token-row').filter({ hasText: 'CRM sync' });
    await seeText(row.locator('.mantine-Badge-label').first(), 'All permissions');
    await row.getByTestId('token-revoke').click();
    await page.getByTestId('token-revoke-confirm').click();
    await seeText(row.locator('.mantine-Badge-label').last(), 'Revoked');
    expect((await call()).status).toBe(401);
    await snap('tokens');
  });

  it('manages the IP allowlist and explains a change that would lock the caller out', async () => {
    await page.getByTestId('nav-allowlist').click();
    await page.getByTestId('current-ip').filter({ hasText: /127\.0\.0\.1|::1/ }).waitFor();
    await page.getByTestId('empty-state').waitFor();

    await page.getByTestId('allowlist-cidr').fill('10.0.0.0/8');
    await page.getByTestId('allowlist-add').click();
    await page.getByTestId('allowlist-error').waitFor();
    await snap('allowlist-409');
    await expect(page.getByTestId('allowlist-row').count()).resolves.toBe(0);

    await page.getByTestId('allowlist-cidr').fill('127.0.0.0/8');
    await page.getByTestId('allowlist-label').fill('Loopback');
    await page.getByTestId('allowlist-add').click();
    await page.getByTestId('allowlist-row').filter({ hasText: 'Loopback' }).waitFor();
    await snap('allowlist');

    await page.getByTestId('allowlist-remove').click();
    await page.getByTestId('allowlist-remove-confirm').click();
    await page.getByTestId('empty-state').waitFor();
  });

  it('changes which roles require 2FA', async () => {
    await page.getByTestId('nav-organization').click();
    const supervisor = page.getByTestId('require2fa-supervisor');
    await supervisor.waitFor();
    expect(await page.getByTestId('require2fa-owner').isChecked()).toBe(true);
    expect(await supervisor.isChecked()).toBe(false);
    await supervisor.check();
    await page.getByTestId('organization-save').click();
    await page.getByText('Settings saved.').waitFor();
    await page.reload();
    await page.getByTestId('require2fa-supervisor').waitFor();
    expect(await page.getByTestId('require2fa-supervisor').isChecked()).toBe(true);
    await snap('organization');
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-table').waitFor();
  });

  it('switches the language to Spanish and Portuguese and keeps the choice', async () => {
    const navAudit = page.getByTestId('nav-audit');
    await seeText(navAudit, 'Audit log');

    await page.getByTestId('language-switcher').click();
    await page.getByTestId('language-es').click();
    await seeText(title(), 'Registro de auditoría');
    await seeText(navAudit, 'Registro de auditoría');
    await snap('audit-es');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('es');

    await page.getByTestId('language-switcher').click();
    await page.getByTestId('language-pt-BR').click();
    await seeText(title(), 'Registro de auditoria');
    await seeText(page.locator('[data-testid=audit-row][data-action="logout"] [data-testid=audit-action-label]'), 'Saiu');

    // The choice survives a reload (stored in localStorage), over the browser's en-US.
    await page.reload();
    await page.getByTestId('audit-table').waitFor();
    await seeText(title(), 'Registro de auditoria');
    await expect(page.evaluate(() => localStorage.getItem('sigilo.language'))).resolves.toBe('pt-BR');

    await page.getByTestId('nav-security').click();
    await page.getByTestId('twofactor-card').waitFor();
    await snap('security-pt');
    await page.getByTestId('language-switcher').click();
    await page.getByTestId('language-en').click();
    await seeText(title(), 'Security');
  });

  it('signs in with a recovery code once, and changes the password', async () => {
    const guest = await browser!.newContext({ locale: 'en-US' });
    const p = await guest.newPage();
    p.setDefaultTimeout(20_000);
    const signInWithRecovery = async (code: string) => {
      await p.goto(`${baseUrl}/login`);
      await p.getByTestId('login-email').fill(owner.email);
      await p.getByTestId('login-password').fill(owner.password);
      await p.getByTestId('login-submit').click();
      await p.getByTestId('mfa-toggle-recovery').click();
      await p.getByTestId('mfa-recovery-code').fill(code);
      await p.getByTestId('mfa-submit').click();
    };

    const code = recoveryCodes[0]!;
    await signInWithRecovery(code);
    await p.getByTestId('user-menu').waitFor();

    // Change the password from the Security page reached through the user menu.
    await p.getByTestId('user-menu').click();
    await p.getByTestId('menu-security').click();
    const newPassword = `${owner.password}-2`;
    await p.getByTestId('password-current').fill('not-my-password-at-all');
    await p.getByTestId('password-new').fill(newPassword);
    await p.getByTestId('password-confirm').fill(newPassword);
    await p.getByTestId('password-submit').click();
    expect(await fieldError(p, 'password-current')).not.toBe('');
    await p.getByTestId('password-current').fill(owner.password);
    await p.getByTestId('password-submit').click();
    await p.getByText('Password changed.').waitFor();
    owner.password = newPassword;

    await p.getByTestId('user-menu').click();
    await p.getByTestId('logout').click();
    await p.getByTestId('login-form').waitFor();

    // The same recovery code does not work twice.
    await signInWithRecovery(code);
    await p.getByTestId('mfa-recovery-code').and(p.locator('[aria-invalid=true], [data-invalid]')).waitFor();
    expect(await fieldError(p, 'mfa-recovery-code')).toContain('not valid or was already used');
    await guest.close();
  });

  it('tells a locked-out account how many minutes to wait', async () => {
    // A fresh browser without the session; the owner is last to be used, so locking it is harmless.
    const guest = await browser!.newContext({ locale: 'en-US' });
    const p = await guest.newPage();
    p.setDefaultTimeout(20_000);
    await p.goto(`${baseUrl}/login`);
    await p.getByTestId('login-email').fill(owner.email);
    let message = '';
    for (let attempt = 0; attempt < 10 && !/locked/i.test(message); attempt++) {
      await p.getByTestId('login-password').fill(`wrong-password-${attempt}`);
      const answered = p.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await p.getByTestId('login-submit').click();
      await answered;
      message = (await p.getByTestId('login-error').innerText()).trim();
    }
    expect(message).toMatch(/temporarily locked.*Try again in \d+ minutes?\./);
    await guest.close();
  });
});
