// Browser test of WhatsApp in the inbox (issue 4): a customer sends a document whose name holds a
// CPF; the agent sees the attachment with its name masked, downloads the original with a reason
// (a download, never shown in the page); once the 24-hour window has passed the composer explains
// why free text is impossible and sends an approved template with its parameter, which reaches
// the (fake) Graph API in the documented shape, then one whose header and URL button need
// parameters. The owner manages templates on the Channels page, sees Meta's rejection reason from
// its webhook, and finds every webhook event of the API on the Webhooks page.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as OTPAuth from 'otpauth';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraphApi, type FakeGraphApi } from '../../server/src/testing/fake-graph-api';
import { signWebhookPayload } from '../../server/src/modules/channels/whatsapp/webhook-signature';
import { cli, ensureWebBuilt, execFileAsync, launchChromium, repoRoot, seeText, startServer, type RunningServer } from './support';

const runId = Date.now().toString(36);
const owner = { orgName: `WhatsApp Org ${runId}`, name: 'Olívia Owner', email: `owner-wa-${runId}@e2e.sigilo.test`, password: 'Tamarind-Lighthouse-9431!' };
const agent = { name: 'Ana Agente', email: `agent-wa-${runId}@e2e.sigilo.test`, password: 'Quokka-Harbour-Lantern-5820!' };
const CPF = '111.444.777-35';
const phoneNumberId = `5${randomInt(1e9, 9e9)}`;
const accessToken = `EAAG${randomBytes(12).toString('hex')}`;
const appSecret = `app-secret-${randomBytes(8).toString('hex')}`;
const customer = '5511977776666';
const fileBytes = Buffer.concat([Buffer.from(`%PDF-1.4\n% ${CPF}\n`), randomBytes(512)]);

describe('WhatsApp attachments and templates in the browser', () => {
  let server: RunningServer;
  let graph: FakeGraphApi;
  let browser: Browser | undefined;
  let ownerApi: APIRequestContext;
  let page: Page;
  let channelId = '';
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

  async function postWebhook(message: Record<string, unknown>) {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550001234', phone_number_id: phoneNumberId },
        contacts: [{ profile: { name: 'Maria Cliente' }, wa_id: customer }],
        messages: [{ from: customer, id: `wamid.E2E${randomBytes(8).toString('hex')}`, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
      } }] }],
    });
    const res = await fetch(`${server.baseUrl}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookPayload(appSecret, body) }, body });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    await ensureWebBuilt();
    graph = await startFakeGraphApi({ accessTokens: { [phoneNumberId]: accessToken } });
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
    const channel = await ownerCall<{ id: string }>('POST', '/api/v1/channels', {
      type: 'whatsapp', name: 'WhatsApp Loja', phoneNumberId, accessToken, appSecret, verifyToken: `verify-${runId}`, graphApiUrl: graph.url,
    });
    expect(channel.status).toBe(201);
    channelId = channel.body.id;
    const template = await ownerCall('POST', `/api/v1/channels/${channelId}/templates`, { name: 'retomar_contato', language: 'pt_BR', category: 'UTILITY', bodyText: 'Olá! Ainda precisa de ajuda com {{1}}?', status: 'APPROVED' });
    expect(template.status).toBe(201);
    const tracking = await ownerCall('POST', `/api/v1/channels/${channelId}/templates`, {
      name: 'rastreio_pedido', language: 'pt_BR', category: 'UTILITY', bodyText: 'Acompanhe a entrega.', status: 'APPROVED',
      header: { format: 'TEXT', text: 'Pedido {{1}}' }, buttons: [{ type: 'URL', text: 'Rastrear', url: 'https://loja.example/r/{{1}}' }],
    });
    expect(tracking.status).toBe(201);
    graph.setTemplates('999999', [
      { name: 'retomar_contato', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá! Ainda precisa de ajuda com {{1}}?' }] },
      { name: 'rastreio_pedido', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}' }, { type: 'BODY', text: 'Acompanhe a entrega.' }, { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Rastrear', url: 'https://loja.example/r/{{1}}' }] }] },
    ], { accessToken, phoneNumberIds: [phoneNumberId] });
    expect((await ownerCall('POST', '/api/v1/users', { email: agent.email, name: agent.name, role: 'agent', password: agent.password })).status).toBe(201);

    const media = graph.addMedia({ phoneNumberId, bytes: fileBytes, mimeType: 'application/pdf' });
    await postWebhook({ type: 'document', document: { id: media.id, mime_type: 'application/pdf', sha256: media.sha256, filename: `CPF ${CPF}.pdf` } });

    browser = await launchChromium();
    const context = await browser.newContext({ locale: 'pt-BR', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.setDefaultTimeout(20_000);
  });

  afterAll(async () => {
    await ownerApi?.dispose().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await graph?.close();
  });

  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    failed = true;
    const text = await page?.locator('body').innerText().catch(() => '');
    console.error(`step failed at ${page?.url()}\n--- page text ---\n${(text ?? '').slice(0, 2000)}\n--- server output (tail) ---\n${server?.output().slice(-3000)}`);
  });

  it('the agent sees the document as an attachment with its name masked', async () => {
    await page.goto(server.baseUrl);
    await page.getByTestId('login-email').fill(agent.email);
    await page.getByTestId('login-password').fill(agent.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('conversation-item').filter({ hasText: 'Maria Cliente' }).click();
    const attachment = page.locator('[data-testid=attachment][data-status=stored]');
    await attachment.waitFor();
    const name = await attachment.getByTestId('attachment-name').innerText();
    expect(name).toContain('.pdf');
    expect(name).not.toContain('111.444');
    await seeText(attachment.getByTestId('attachment-status'), 'Guardado cifrado');
    expect(await page.locator('body').innerText()).not.toContain(CPF);
  });

  it('downloads the original only with a reason, as a file', async () => {
    await page.getByTestId('attachment-download').click();
    await page.getByTestId('reveal-reason').fill('ok');
    await page.getByTestId('reveal-submit').click();
    await page.getByText('Diga por que você precisa dele (pelo menos 5 caracteres).').waitFor();
    await page.getByTestId('reveal-reason').fill('Cliente pediu a conferência do comprovante');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reveal-submit').click()]);
    expect(download.suggestedFilename()).toBe(`CPF ${CPF}.pdf`);
    const saved = await download.path();
    const bytes = await readFile(saved);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(fileBytes).digest('hex'));
    // Nothing of it was put into the page.
    expect(await page.locator('body').innerText()).not.toContain(CPF);
  });

  it('after 24 hours the composer explains why and sends an approved template', async () => {
    // The browser's clock moves a day ahead; the server's window check is covered by the server tests.
    await page.clock.setFixedTime(new Date(Date.now() + 25 * 3600_000));
    await page.reload();
    await page.getByTestId('window-closed').waitFor();
    expect(await page.getByTestId('composer-input').count()).toBe(0);
    await page.getByTestId('template-select').click();
    await page.getByRole('option', { name: 'retomar_contato · pt_BR' }).click();
    await page.getByTestId('template-parameter').fill('sua entrega');
    await seeText(page.getByTestId('template-preview'), 'Olá! Ainda precisa de ajuda com sua entrega?');
    const before = graph.requests.length;
    await page.getByTestId('template-send').click();
    await page.locator('[data-testid=message][data-direction=outbound]', { hasText: 'Ainda precisa de ajuda com sua entrega?' }).waitFor();
    const deadline = Date.now() + 15_000;
    while (!graph.requests.slice(before).some((r) => r.method === 'POST') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const sent = graph.requests.slice(before).find((r) => r.method === 'POST');
    expect(sent?.status).toBe(200);
    expect(sent?.body).toMatchObject({ to: customer, type: 'template', template: { name: 'retomar_contato', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'sua entrega' }] }] } });
  });

  it('asks for the header and button parameters a template needs and sends them', async () => {
    await page.getByTestId('template-select').click();
    await page.getByRole('option', { name: 'rastreio_pedido · pt_BR' }).click();
    expect(await page.getByTestId('template-parameter').count()).toBe(0);
    await page.getByTestId('template-send').click();
    // Both are required: the form says so before anything is sent.
    expect(await page.getByText('Obrigatório').count()).toBeGreaterThanOrEqual(2);
    await page.getByTestId('template-header-text').fill('4711');
    await seeText(page.getByTestId('template-preview-header'), 'Pedido 4711');
    await page.getByTestId('template-button-url').fill('AB4711');
    const before = graph.requests.length;
    await page.getByTestId('template-send').click();
    await page.locator('[data-testid=message][data-direction=outbound]', { hasText: 'Acompanhe a entrega.' }).waitFor();
    const deadline = Date.now() + 15_000;
    while (!graph.requests.slice(before).some((r) => r.method === 'POST') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const sent = graph.requests.slice(before).find((r) => r.method === 'POST');
    expect(sent?.status).toBe(200);
    expect(sent?.body.template).toEqual({
      name: 'rastreio_pedido', language: { code: 'pt_BR' },
      components: [
        { type: 'header', parameters: [{ type: 'text', text: '4711' }] },
        { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'AB4711' }] },
      ],
    });
  });

  it('the owner finds the download in the audit log and syncs templates on the Channels page', async () => {
    const ownerContext = await browser!.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 }, storageState: await ownerApi.storageState() });
    const ownerPage = await ownerContext.newPage();
    ownerPage.setDefaultTimeout(20_000);
    try {
      await ownerPage.goto(`${server.baseUrl}/audit`);
      const row = ownerPage.locator('[data-testid=audit-row][data-action="attachment.revealed"]').first();
      await row.waitFor();
      await seeText(row.getByTestId('audit-action-label'), 'Attachment original downloaded');
      expect(await row.innerText()).toContain('Cliente pediu a conferência do comprovante');
      expect(await ownerPage.locator('body').innerText()).not.toContain(CPF);

      await ownerPage.getByTestId('nav-channels').click();
      await ownerPage.locator('[data-testid=channel-row][data-type=whatsapp]').getByTestId('channel-templates').click();
      const modal = ownerPage.getByTestId('templates-modal');
      await modal.getByTestId('template-row').filter({ hasText: 'retomar_contato' }).waitFor();
      // Syncing needs the business account id: the field says so.
      await modal.getByTestId('templates-sync').click();
      await ownerPage.getByText("set the channel's WhatsApp Business Account id to sync its templates").first().waitFor();
      await modal.getByTestId('templates-waba').fill('999999');
      await modal.getByTestId('templates-waba-save').click();
      await ownerPage.getByText('Business account saved').waitFor();
      graph.setTemplates('999999', [
        { name: 'retomar_contato', language: 'pt_BR', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Olá! Ainda precisa de ajuda com {{1}}?' }] },
        { name: 'pesquisa_satisfacao', language: 'pt_BR', status: 'PENDING', category: 'MARKETING', components: [{ type: 'BODY', text: 'Como foi o atendimento?' }] },
      ], { accessToken, phoneNumberIds: [phoneNumberId] });
      await modal.getByTestId('templates-sync').click();
      await modal.getByTestId('template-row').filter({ hasText: 'pesquisa_satisfacao' }).filter({ hasText: 'PENDING' }).waitFor();
      // Synced: the two Meta lists; rastreio_pedido, registered here, stays.
      expect(await modal.getByTestId('template-row').count()).toBe(3);

      // Meta rejects it: its webhook on the business account reaches the page with the reason.
      const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '999999', time: Math.floor(Date.now() / 1000), changes: [{ field: 'message_template_status_update', value: {
        event: 'REJECTED', message_template_id: 1001, message_template_name: 'pesquisa_satisfacao', message_template_language: 'pt_BR', reason: 'INVALID_FORMAT', message_template_category: 'MARKETING',
      } }] }] });
      const res = await fetch(`${server.baseUrl}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookPayload(appSecret, body) }, body });
      expect(res.status).toBe(200);
      const rejectedBy = Date.now() + 15_000;
      for (;;) {
        const list = await ownerCall<{ items: Array<{ name: string; status: string }> }>('GET', `/api/v1/channels/${channelId}/templates`);
        if (list.body.items.some((x) => x.name === 'pesquisa_satisfacao' && x.status === 'REJECTED')) break;
        if (Date.now() > rejectedBy) throw new Error('the template status webhook was not applied');
        await new Promise((r) => setTimeout(r, 200));
      }
      await ownerPage.reload();
      await ownerPage.locator('[data-testid=channel-row][data-type=whatsapp]').getByTestId('channel-templates').click();
      const rejected = ownerPage.getByTestId('templates-modal').getByTestId('template-row').filter({ hasText: 'pesquisa_satisfacao' });
      await seeText(rejected.getByTestId('template-status'), 'REJECTED');
      await seeText(rejected.getByTestId('template-status-reason'), 'Reason: invalid format');
      await ownerPage.keyboard.press('Escape');

      // The Webhooks page offers every event the API accepts, each with its description.
      const events = (await ownerCall<{ items: Array<{ event: string }> }>('GET', '/api/v1/webhooks/events')).body.items.map((i) => i.event);
      expect(events).toEqual(expect.arrayContaining(['message.created', 'consent.changed', 'alert.created', 'incident.updated', 'data_subject_request.updated', 'contact.corrected']));
      await ownerPage.getByTestId('nav-webhooks').click();
      await ownerPage.getByTestId('webhook-create-open').click();
      for (const event of events) {
        const box = ownerPage.getByTestId(`webhook-event-${event}`);
        await box.waitFor({ state: 'attached' });
        const description = await box.locator('xpath=ancestor::*[contains(@class,"mantine-Checkbox-root")][1]').innerText();
        expect(description, event).toContain(event);
        expect(description.replace(event, '').trim().length, `${event} has a description`).toBeGreaterThan(10);
        expect(description, event).not.toContain('webhooks.eventHelp');
      }
      expect(await ownerPage.getByTestId('webhook-events').locator('input[type=checkbox]').count()).toBe(events.length);
    } finally {
      await ownerContext.close();
    }
  });
});
