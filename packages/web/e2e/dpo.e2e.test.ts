// Browser test of the DPO console against the real server (issue 7): the DPO signs in and lands in
// the console; a visitor on /demo sends a card number; the alert appears live in the queue without
// a reload, its context shows the card masked, and the DPO resolves it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, ensureWebBuilt, execFileAsync, launchChromium, repoRoot, seeText, startServer, type RunningServer } from './support';

const runId = Date.now().toString(36);
const owner = { orgName: `DPO Org ${runId}`, name: 'Otávio Owner', email: `owner-${runId}@e2e.sigilo.test`, password: 'Tamarind-Lighthouse-9431!' };
const dpo = { name: 'Dora Encarregada', email: `dpo-${runId}@e2e.sigilo.test`, password: 'Quokka-Harbour-Lantern-5820!' };
const CARD = '4111 1111 1111 1111';

describe('DPO console in the browser', () => {
  let server: RunningServer;
  let screenshotDir: string;
  let browser: Browser | undefined;
  let ownerApi: APIRequestContext;
  let page: Page; // the DPO's
  let visitor: Page;
  let publicKey = '';
  let failed = false;

  async function ownerCall<T>(method: 'GET' | 'POST' | 'PATCH', url: string, data?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (method !== 'GET') {
      const csrf = await ownerApi.get('/api/v1/auth/csrf');
      headers['x-csrf-token'] = ((await csrf.json()) as { csrfToken: string }).csrfToken;
    }
    const res = await ownerApi.fetch(url, { method, headers, data });
    const text = await res.text();
    return { status: res.status(), body: (text ? JSON.parse(text) : null) as T };
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    screenshotDir = await mkdtemp(path.join(tmpdir(), 'sigilo-e2e-screens-'));
    server = await startServer();
    const { stdout } = await execFileAsync(
      process.execPath,
      [cli, 'setup', '--org', owner.orgName, '--name', owner.name, '--email', owner.email, '--password', owner.password, '--json'],
      { cwd: repoRoot, env: server.env() },
    );
    expect((JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { orgId?: string }).orgId).toBeTruthy();

    ownerApi = await request.newContext({ baseURL: server.baseUrl });
    const login = await ownerCall<{ status: string }>('POST', '/api/v1/auth/login', { email: owner.email, password: owner.password });
    expect(login.status).toBe(200);
    if (login.body.status === 'mfa_enrolment_required') {
      const setup = await ownerCall<{ secret: string }>('POST', '/api/v1/auth/2fa/setup');
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.body.secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
      expect((await ownerCall('POST', '/api/v1/auth/2fa/enable', { code })).status).toBe(200);
    }
    // This test is about the console, not about enrolling a second factor for the DPO.
    expect((await ownerCall('PATCH', '/api/v1/organization', { require2faRoles: ['owner'] })).status).toBe(200);
    const channel = await ownerCall<{ publicKey: string }>('POST', '/api/v1/channels', { type: 'webchat', name: 'Loja' });
    expect(channel.status).toBe(201);
    publicKey = channel.body.publicKey;
    expect((await ownerCall('POST', '/api/v1/users', { email: dpo.email, name: dpo.name, role: 'dpo', password: dpo.password })).status).toBe(201);

    browser = await launchChromium();
    const dpoContext = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1440, height: 900 } });
    const visitorContext = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1000, height: 800 } });
    page = await dpoContext.newPage();
    visitor = await visitorContext.newPage();
    page.setDefaultTimeout(20_000);
    visitor.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await ownerApi?.dispose().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (screenshotDir && !failed && !process.env.SIGILO_E2E_SCREENSHOTS) await rm(screenshotDir, { recursive: true, force: true });
  });

  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    failed = true;
    for (const [who, p] of [['dpo', page], ['visitor', visitor]] as const) {
      if (!p) continue;
      const shot = path.join(screenshotDir, `failure-${who}-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`);
      await p.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      const text = await p.locator('body').innerText().catch(() => '');
      console.error(`[${who}] step failed at ${p.url()}; screenshot ${shot}\n--- page text ---\n${text.slice(0, 2000)}`);
    }
    console.error(`--- server output (tail) ---\n${server?.output().slice(-3000)}`);
  });

  const widget = () => visitor.locator('[data-sigilo-widget]');

  it('the DPO signs in and lands in the console, live, with an empty queue', async () => {
    await page.goto(server.baseUrl);
    await page.getByTestId('login-email').fill(dpo.email);
    await page.getByTestId('login-password').fill(dpo.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('dpo-tab-alerts').waitFor();
    expect(new URL(page.url()).pathname).toBe('/dpo');
    await seeText(page.getByTestId('page-title'), 'Console do encarregado');
    await page.locator('[data-testid=dpo-feed]', { hasText: 'Ao vivo' }).waitFor();
    await page.getByTestId('empty-state').waitFor();
  });

  it('a customer message with a card number raises an alert that appears live', async () => {
    await visitor.goto(`${server.baseUrl}/demo?key=${publicKey}`);
    await widget().getByRole('button', { name: 'Abrir o chat' }).click();
    await widget().getByLabel('Seu nome').fill('Carla Cliente');
    await widget().getByRole('button', { name: 'Iniciar conversa' }).click();
    const box = widget().getByPlaceholder('Escreva uma mensagem…');
    await box.fill('Oi, quero pagar a fatura');
    await box.press('Enter');
    await box.fill(`meu cartão é ${CARD} validade 12/29`);
    await box.press('Enter');

    // No reload: the row arrives over the socket.
    const row = page.getByTestId('dpo-alert-row').filter({ hasText: 'Cliente enviou número de cartão' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('open');
    await row.click();
    const detail = page.getByTestId('dpo-alert-detail');
    await detail.waitFor();
    const trigger = detail.getByTestId('dpo-alert-trigger');
    await trigger.filter({ hasText: 'meu cartão é **** **** **** 1111' }).waitFor();
    await detail.getByTestId('dpo-alert-context').filter({ hasText: 'Oi, quero pagar a fatura' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain(CARD);
    await detail.filter({ hasText: 'Carla Cliente' }).waitFor();
  });

  it('the DPO comments and resolves the alert, and it leaves the queue', async () => {
    const detail = page.getByTestId('dpo-alert-detail');
    await page.getByTestId('dpo-comment').fill('Cliente enviou o cartão por engano; orientado a não repetir.');
    await page.getByTestId('dpo-resolve').click();
    await page.locator('[data-testid=dpo-alert-detail][data-status=resolved]').waitFor();
    await seeText(detail.getByTestId('dpo-alert-status-badge'), 'Resolvido · Tratado');
    await detail.getByTestId('dpo-alert-timeline').filter({ hasText: 'Cliente enviou o cartão por engano' }).waitFor();
    // The queue shows unresolved alerts by default: the card alert is gone from it.
    await page.getByTestId('dpo-alert-row').filter({ hasText: 'Cliente enviou número de cartão' }).waitFor({ state: 'detached' });
    const audit = await ownerCall<{ items: Array<{ action: string }> }>('GET', '/api/v1/audit?action=alert.resolved');
    expect(audit.body.items).toHaveLength(1);
  });
});
