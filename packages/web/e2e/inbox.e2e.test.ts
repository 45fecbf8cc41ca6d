// Browser test of the agent inbox against the real server (issue 4): an owner connects a web chat
// channel and adds an agent; a visitor on /demo writes a CPF; the agent sees it masked, reveals it
// with a reason, hides it again, replies (and is warned about the CPF in the reply), and the owner
// finds the reveal in the audit log. Also the channel, webhook and masking-policy admin pages.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
import { request, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, ensureWebBuilt, execFileAsync, launchChromium, repoRoot, seeText, startServer, type RunningServer } from './support';

const runId = Date.now().toString(36);
const owner = { orgName: `Inbox Org ${runId}`, name: 'Olívia Owner', email: `owner-${runId}@e2e.sigilo.test`, password: 'Tamarind-Lighthouse-9431!' };
const agent = { name: 'Ana Agente', email: `agent-${runId}@e2e.sigilo.test`, password: 'Quokka-Harbour-Lantern-5820!' };
const visitorName = 'Maria Visitante';
const CPF = '111.444.777-35';
const REASON = 'Cliente pediu para confirmar o CPF';

describe('agent inbox in the browser', () => {
  let server: RunningServer;
  let screenshotDir: string;
  let browser: Browser | undefined;
  let ownerApi: APIRequestContext;
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;
  let page: Page; // the agent's
  let visitor: Page;
  let publicKey = '';
  let conversationId = '';
  let failed = false;

  /** The owner's API calls: session cookie in the request context, CSRF header on writes. */
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

    // The organisation comes from the CLI (it joins the running server's embedded database, or DATABASE_URL).
    const { stdout } = await execFileAsync(
      process.execPath,
      [cli, 'setup', '--org', owner.orgName, '--name', owner.name, '--email', owner.email, '--password', owner.password, '--json'],
      { cwd: repoRoot, env: server.env() },
    );
    const created = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { orgId?: string };
    expect(created.orgId).toBeTruthy();

    // The owner's role requires 2FA: enrol over the API with a TOTP code computed here.
    ownerApi = await request.newContext({ baseURL: server.baseUrl });
    const login = await ownerCall<{ status: string }>('POST', '/api/v1/auth/login', { email: owner.email, password: owner.password });
    expect(login.status).toBe(200);
    if (login.body.status === 'mfa_enrolment_required') {
      const setup = await ownerCall<{ secret: string }>('POST', '/api/v1/auth/2fa/setup');
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.body.secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
      expect((await ownerCall('POST', '/api/v1/auth/2fa/enable', { code })).status).toBe(200);
    }
    const session = await ownerCall<{ permissions: string[] }>('GET', '/api/v1/auth/session');
    expect(session.body.permissions).toContain('channels:manage');

    const channel = await ownerCall<{ publicKey: string; identitySecret?: string }>('POST', '/api/v1/channels', { type: 'webchat', name: 'Loja' });
    expect(channel.status).toBe(201);
    publicKey = channel.body.publicKey;
    expect(publicKey).toMatch(/^wc_/);
    const user = await ownerCall('POST', '/api/v1/users', { email: agent.email, name: agent.name, role: 'agent', password: agent.password });
    expect(user.status).toBe(201);

    browser = await launchChromium();
    agentContext = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1440, height: 900 } });
    visitorContext = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1000, height: 800 } });
    page = await agentContext.newPage();
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

  // The steps build on each other: after a failure, keep evidence and skip the rest.
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    failed = true;
    for (const [who, p] of [['agent', page], ['visitor', visitor]] as const) {
      if (!p) continue;
      const shot = path.join(screenshotDir, `failure-${who}-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`);
      await p.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      const text = await p.locator('body').innerText().catch(() => '');
      console.error(`[${who}] step failed at ${p.url()}; screenshot ${shot}\n--- page text ---\n${text.slice(0, 2000)}`);
    }
    console.error(`--- server output (tail) ---\n${server?.output().slice(-3000)}`);
  });

  const snap = async (name: string, p: Page = page) => {
    if (process.env.SIGILO_E2E_SCREENSHOTS) await p.screenshot({ path: path.join(screenshotDir, `inbox-${name}.png`), fullPage: true });
  };

  /** The widget renders in an open shadow root; playwright's CSS and role locators pierce it. */
  const widget = () => visitor.locator('[data-sigilo-widget]');

  it('a visitor on /demo fills the pre-chat name and writes a CPF', async () => {
    await visitor.goto(`${server.baseUrl}/demo?key=${publicKey}`);
    await widget().getByRole('button', { name: 'Abrir o chat' }).click();
    await widget().getByLabel('Seu nome').fill(visitorName);
    await widget().getByRole('button', { name: 'Iniciar conversa' }).click();
    const box = widget().getByPlaceholder('Escreva uma mensagem…');
    await box.fill(`meu CPF é ${CPF}`);
    await box.press('Enter');
    await widget().locator('li.inbound .meta[data-state=sent]').first().waitFor();
    await snap('visitor', visitor);
  });

  it('the agent signs in and lands in the inbox with the conversation, the CPF masked', async () => {
    await page.goto(server.baseUrl);
    await page.getByTestId('login-email').fill(agent.email);
    await page.getByTestId('login-password').fill(agent.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('conversation-list-pane').waitFor();
    expect(new URL(page.url()).pathname).toBe('/inbox');
    // Inbox is the first item of the menu; agents see no administration pages they may not use.
    expect(await page.locator('nav a[data-testid^=nav-]').first().getAttribute('data-testid')).toBe('nav-inbox');
    expect(await page.getByTestId('nav-channels').count()).toBe(0);

    // The colleague's realtime socket exists: the inbox says it is live (otherwise it would poll).
    await page.locator('[data-testid=inbox-feed][data-state=live]').waitFor();

    const item = page.getByTestId('conversation-item').filter({ hasText: visitorName });
    await item.waitFor();
    const preview = await item.getByTestId('conversation-item-preview').innerText();
    expect(preview).not.toContain('111.444');
    await item.click();
    conversationId = new URL(page.url()).searchParams.get('c') ?? '';
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

    const message = page.locator('[data-testid=message][data-direction=inbound]').first();
    await message.waitFor();
    const body = await message.getByTestId('message-body').innerText();
    expect(body).toContain('meu CPF é');
    expect(body).not.toContain('111.444');
    expect(await message.getByTestId('pii-placeholder').count()).toBeGreaterThan(0);
    await seeText(message.getByTestId('message-pii-type'), 'CPF');
    expect(await page.locator('body').innerText()).not.toContain(CPF);

    // The contact panel: name, masked web chat identity, conversation count.
    await seeText(page.getByTestId('contact-name'), visitorName);
    await page.getByTestId('contact-identity').first().waitFor();
    await seeText(page.getByTestId('contact-conversation-count'), '1 conversa');
    await snap('masked');
  });

  it('a new visitor message shows up without reloading', async () => {
    const box = widget().getByPlaceholder('Escreva uma mensagem…');
    await box.fill('vocês estão aí?');
    await box.press('Enter');
    await page.locator('[data-testid=message-body]', { hasText: 'vocês estão aí?' }).waitFor();
  });

  it('reveals the original of that message only, with a reason, and hides it again', async () => {
    const message = page.locator('[data-testid=message][data-direction=inbound]').first();
    await message.getByTestId('message-reveal').click();
    await page.getByTestId('reveal-reason').fill('ok');
    await page.getByTestId('reveal-submit').click();
    await page.getByText('Diga por que você precisa dele (pelo menos 5 caracteres).').waitFor();

    await page.getByTestId('reveal-reason').fill(REASON);
    await page.getByTestId('reveal-submit').click();
    await seeText(message.getByTestId('message-original'), `meu CPF é ${CPF}`);
    await seeText(message.getByTestId('revealed-marker'), 'Revelado — auditado');
    // Only that message: the other one has no reveal state (and no PII, so no reveal action either).
    expect(await page.getByTestId('message-original').count()).toBe(1);
    await snap('revealed');

    await message.getByTestId('message-hide').click();
    await message.getByTestId('message-body').waitFor();
    expect(await page.getByTestId('message-original').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(CPF);
  });

  it('warns while typing a reply with a CPF, and asks before sending it', async () => {
    const input = page.getByTestId('composer-input');
    await input.fill(`Confirmo: o CPF cadastrado é ${CPF}`);
    await page.getByTestId('composer-warning').filter({ hasText: 'CPF' }).waitFor();
    await input.press('Enter');
    const dialog = page.getByTestId('sensitive-confirm');
    await dialog.filter({ hasText: 'CPF' }).waitFor();
    await snap('sensitive-confirm');
    await page.getByTestId('sensitive-send-anyway').click();
    const outbound = page.locator('[data-testid=message][data-direction=outbound]').first();
    await outbound.waitFor();
    expect(await outbound.getByTestId('message-body').innerText()).not.toContain('111.444');
    expect(await input.inputValue()).toBe('');

    // A reply without personal data goes straight out.
    await input.fill('Obrigado, já está tudo certo!');
    await page.getByTestId('composer-send').click();
    await page.locator('[data-testid=message][data-direction=outbound]', { hasText: 'Obrigado, já está tudo certo!' }).waitFor();
    // The visitor receives the agent's reply in the widget.
    await widget().locator('li.outbound', { hasText: 'Obrigado, já está tudo certo!' }).waitFor();
  });

  it('takes the conversation and resolves it', async () => {
    await page.getByTestId('conversation-assignee').click();
    await page.getByRole('option', { name: `${agent.name} (eu)` }).click();
    await page.getByText('Conversa atualizada.').first().waitFor();
    await page.getByTestId('inbox-assignee-filter').getByText('Minhas').click();
    await page.getByTestId('conversation-item').filter({ hasText: visitorName }).waitFor();

    await page.getByTestId('conversation-status').getByText('Resolvida', { exact: true }).click();
    await page.getByTestId('inbox-tab-resolved').click();
    await page.getByTestId('conversation-item').filter({ hasText: visitorName }).waitFor();
    await snap('resolved');
  });

  it('without the realtime socket, a deep link still opens the conversation and the list polls for news', async () => {
    const second = await agentContext.newPage();
    second.setDefaultTimeout(20_000);
    try {
      // Refuse the socket the way a proxy without WebSocket support would.
      await second.routeWebSocket(/\/api\/v1\/realtime/, (ws) => void ws.close({ code: 1011, reason: 'no websockets here' }));
      await second.goto(`${server.baseUrl}/inbox?c=${conversationId}`);
      await second.locator('[data-testid=inbox-feed][data-state=polling]').waitFor();
      // Resolved, so not in the "Open" list: the view still shows it.
      await seeText(second.getByTestId('conversation-title'), visitorName);
      const box = widget().getByPlaceholder('Escreva uma mensagem…');
      await box.fill('mais uma pergunta');
      await box.press('Enter');
      // A message after "resolved" opens a new conversation; polling brings it into the "Open" list.
      await second.getByTestId('conversation-item').filter({ hasText: 'mais uma pergunta' }).waitFor({ timeout: 15_000 });
      await second.getByTestId('conversation-item').filter({ hasText: 'mais uma pergunta' }).click();
      await second.locator('[data-testid=message-body]', { hasText: 'mais uma pergunta' }).waitFor();
      await seeText(second.getByTestId('contact-conversation-count'), '2 conversas');
    } finally {
      await second.close();
    }
  });

  it('the owner finds the reveal, with its reason, in the audit log', async () => {
    // The owner's API session (2FA done above) opens the browser too.
    const ownerContext = await browser!.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 }, storageState: await ownerApi.storageState() });
    const ownerPage = await ownerContext.newPage();
    ownerPage.setDefaultTimeout(20_000);
    try {
      await ownerPage.goto(`${server.baseUrl}/audit`);
      const row = ownerPage.locator('[data-testid=audit-row][data-action="message.revealed"]').first();
      await row.waitFor();
      await seeText(row.getByTestId('audit-action-label'), 'Message original revealed');
      expect(await row.innerText()).toContain(REASON);
      expect(await ownerPage.locator('body').innerText()).not.toContain(CPF);
      await snap('audit', ownerPage);

      // Channels: the web chat channel with its embed snippet.
      await ownerPage.getByTestId('nav-channels').click();
      await ownerPage.locator('[data-testid=channel-row][data-type=webchat]').first().waitFor();
      await ownerPage.getByTestId('channel-embed').first().click();
      expect(await ownerPage.getByTestId('channel-embed-snippet').innerText()).toBe(`<script src="${server.baseUrl}/widget.js" data-sigilo-key="${publicKey}" async></script>`);
      await ownerPage.keyboard.press('Escape');

      // Webhooks: a URL that cannot resolve comes back as a message under the field.
      await ownerPage.getByTestId('nav-webhooks').click();
      await ownerPage.getByTestId('webhook-create-open').click();
      await ownerPage.getByTestId('webhook-url-input').fill('https://hooks.invalid/sigilo');
      await ownerPage.getByTestId('webhook-create-submit').click();
      await ownerPage.locator('[data-testid=webhook-url-input][aria-invalid=true]').waitFor();
      await ownerPage.keyboard.press('Escape');

      // Masking policy: card numbers can never be shown in full, and the page says so.
      await ownerPage.getByTestId('nav-organization').click();
      await ownerPage.locator('[data-testid=masking-row][data-type=CREDIT_CARD]').waitFor();
      expect(await ownerPage.locator('[data-testid=masking-CREDIT_CARD] input[value=show]').isDisabled()).toBe(true);
      expect(await ownerPage.locator('[data-testid=masking-PASSWORD] input[value=partial]').isDisabled()).toBe(true);
      await ownerPage.getByText('Card numbers are never shown beyond their last four digits').waitFor();
    } finally {
      await ownerContext.close();
    }
  });
});
