// Browser test of consent and transparency against the real server (issue 5): a visitor gives
// marketing consent in the widget; the DPO edits the controller's identity, previews the notice in
// three languages, publishes a version, and finds the visitor's consent in the reports and the
// ledger; an agent sees the state in the inbox contact panel and records verbal consent with a call id.
import * as OTPAuth from 'otpauth';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, ensureWebBuilt, execFileAsync, launchChromium, repoRoot, startServer, type RunningServer } from './support';

const runId = Date.now().toString(36);
const owner = { orgName: `Consent Org ${runId}`, name: 'Otávio Owner', email: `owner-${runId}@e2e.sigilo.test`, password: 'Tamarind-Lighthouse-9431!' };
const dpo = { name: 'Diana DPO', email: `dpo-${runId}@e2e.sigilo.test`, password: 'Quokka-Harbour-Lantern-5820!' };
const agent = { name: 'Ana Agente', email: `agent-${runId}@e2e.sigilo.test`, password: 'Pelican-Meadow-Compass-7314!' };
const visitorName = 'Vera Visitante';

describe('consent and transparency in the browser', () => {
  let server: RunningServer;
  let browser: Browser | undefined;
  let ownerApi: APIRequestContext;
  let dpoPage: Page;
  let agentPage: Page;
  let visitor: Page;
  let publicKey = '';
  let slug = '';
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

  async function signIn(page: Page, who: { email: string; password: string }) {
    await page.goto(server.baseUrl);
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    server = await startServer();
    const { stdout } = await execFileAsync(
      process.execPath,
      [cli, 'setup', '--org', owner.orgName, '--name', owner.name, '--email', owner.email, '--password', owner.password, '--json'],
      { cwd: repoRoot, env: server.env() },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '{}').orgId).toBeTruthy();
    ownerApi = await request.newContext({ baseURL: server.baseUrl });
    const login = await ownerCall<{ status: string }>('POST', '/api/v1/auth/login', { email: owner.email, password: owner.password });
    expect(login.status).toBe(200);
    if (login.body.status === 'mfa_enrolment_required') {
      const setup = await ownerCall<{ secret: string }>('POST', '/api/v1/auth/2fa/setup');
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.body.secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
      expect((await ownerCall('POST', '/api/v1/auth/2fa/enable', { code })).status).toBe(200);
    }
    // The test signs the DPO in without a second factor; production keeps the default.
    expect((await ownerCall('PATCH', '/api/v1/organization', { require2faRoles: ['owner'] })).status).toBe(200);
    const session = await ownerCall<{ organization: { slug: string } }>('GET', '/api/v1/auth/session');
    slug = session.body.organization.slug;
    for (const u of [{ ...dpo, role: 'dpo' }, { ...agent, role: 'agent' }]) {
      expect((await ownerCall('POST', '/api/v1/users', { email: u.email, name: u.name, role: u.role, password: u.password })).status).toBe(201);
    }
    const channel = await ownerCall<{ publicKey: string }>('POST', '/api/v1/channels', { type: 'webchat', name: 'Loja' });
    expect(channel.status).toBe(201);
    publicKey = channel.body.publicKey;

    browser = await launchChromium();
    dpoPage = await (await browser.newContext({ locale: 'pt-BR', viewport: { width: 1440, height: 1000 } })).newPage();
    agentPage = await (await browser.newContext({ locale: 'pt-BR', viewport: { width: 1440, height: 900 } })).newPage();
    visitor = await (await browser.newContext({ locale: 'pt-BR', viewport: { width: 1000, height: 800 } })).newPage();
    for (const p of [dpoPage, agentPage, visitor]) p.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await ownerApi?.dispose().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    failed = true;
    for (const [who, p] of [['dpo', dpoPage], ['agent', agentPage], ['visitor', visitor]] as const) {
      const text = await p?.locator('body').innerText().catch(() => '');
      console.error(`[${who}] step failed at ${p?.url()}\n--- page text ---\n${(text ?? '').slice(0, 1500)}`);
    }
    console.error(`--- server output (tail) ---\n${server?.output().slice(-3000)}`);
  });

  const widget = () => visitor.locator('[data-sigilo-widget]');

  it('a visitor ticks marketing (and only marketing) in the pre-chat form and writes', async () => {
    await visitor.goto(`${server.baseUrl}/demo?key=${publicKey}`);
    await widget().getByRole('button', { name: 'Abrir o chat' }).click();
    await widget().getByLabel('Seu nome').fill(visitorName);
    await widget().getByRole('checkbox', { name: 'Ofertas e novidades' }).check();
    await widget().getByRole('button', { name: 'Iniciar conversa' }).click();
    const box = widget().getByPlaceholder('Escreva uma mensagem…');
    await box.fill('Olá! Quero acompanhar meu pedido.');
    await box.press('Enter');
    await widget().locator('li.inbound .meta[data-state=sent]').first().waitFor();
  });

  it('the DPO sees the seeded purposes with their legal bases', async () => {
    await signIn(dpoPage, dpo);
    await dpoPage.getByTestId('nav-consent').click();
    await dpoPage.getByTestId('purposes-table').waitFor();
    expect(await dpoPage.getByTestId('purpose-row').count()).toBe(5);
    const marketing = dpoPage.locator('[data-testid=purpose-row][data-key=marketing]');
    await marketing.getByText('Consentimento').waitFor();
    await marketing.getByText('LGPD Art. 7 I').waitFor();
    await dpoPage.locator('[data-testid=purpose-row][data-key=call_recording]').getByText('Obrigação legal ou regulatória').waitFor();
  });

  it('edits the controller, previews the notice in three languages and publishes a version', async () => {
    await dpoPage.getByTestId('consent-tab-notice').click();
    const settings = dpoPage.getByTestId('notice-settings');
    await settings.getByLabel('Controlador (razão social)').fill('Loja Exemplo Ltda');
    await settings.getByLabel('E-mail do encarregado').fill('dpo@loja.example');
    await dpoPage.getByTestId('notice-settings-save').click();
    const preview = dpoPage.getByTestId('notice-preview');
    await preview.getByText('Aviso de privacidade — Loja Exemplo Ltda').waitFor();
    await preview.getByText(/Loja Exemplo Ltda trata seus dados para atender você/).waitFor();
    await dpoPage.getByTestId('notice-lang-es').click();
    await preview.getByText('Aviso de privacidad — Loja Exemplo Ltda').waitFor();
    await preview.getByText('Tus derechos', { exact: true }).waitFor();
    await dpoPage.getByTestId('notice-lang-en').click();
    await preview.getByText('Privacy notice — Loja Exemplo Ltda').waitFor();
    await dpoPage.getByTestId('notice-publish').click();
    await dpoPage.getByTestId('notice-versions').getByText('Versão 2').waitFor();
    const page = await (await fetch(`${server.baseUrl}/privacy/${slug}?lang=pt-BR`)).text();
    expect(page).toContain('Loja Exemplo Ltda');
    expect(page).toContain('Versão 2');
  });

  it("finds the visitor's consent in the reports, with charts, and the ledger's chain intact", async () => {
    await dpoPage.getByTestId('consent-tab-reports').click();
    await dpoPage.getByTestId('consent-summary').locator('.recharts-surface').first().waitFor();
    await dpoPage.getByTestId('consent-rates').locator('.recharts-surface').first().waitFor();
    const rows = dpoPage.getByTestId('ledger-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2); // marketing given, survey refused
    await dpoPage.getByTestId('consent-verify').click();
    await dpoPage.getByTestId('consent-verify-result').getByText('O registro está íntegro (2 eventos).').waitFor();
  });

  it('an agent sees the consent state in the contact panel and records verbal consent with a call id', async () => {
    await signIn(agentPage, agent);
    await agentPage.getByTestId('conversation-list-pane').waitFor();
    await agentPage.getByText(visitorName).first().click();
    const panel = agentPage.getByTestId('contact-consent');
    await panel.locator('[data-purpose=marketing][data-status=given]').waitFor();
    await panel.locator('[data-purpose=satisfaction_survey][data-status=refused]').waitFor();
    await agentPage.getByTestId('consent-record-open').click();
    const form = agentPage.getByTestId('consent-record-form');
    await form.getByRole('textbox', { name: 'Finalidade' }).click();
    await agentPage.getByRole('option', { name: 'Pesquisa de satisfação' }).click();
    // Without the call id the server says which field is missing.
    await agentPage.getByTestId('consent-record-submit').click();
    await form.getByText('the call id is required for consent given on a call').waitFor();
    await agentPage.getByTestId('consent-call-id').fill('call-e2e-0001');
    await agentPage.getByTestId('consent-record-submit').click();
    await panel.locator('[data-purpose=satisfaction_survey][data-status=given]').waitFor();
    await panel.getByTestId('consent-history').getByText(/Verbal, na ligação/).first().waitFor();
  });
});
