// The widget in a real browser: /demo on a test server, pre-chat name, a message with a CPF, the
// agent's reply arriving over the socket, and the conversation kept across a page reload.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, addTestUser, createTestOrg, startTestServer, type TestServer } from '../../../testing/test-server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: TestServer;
let browser: Browser;
let agent: TestClient;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  const org = await createTestOrg(server.ctx);
  const owner = new TestClient(server.url);
  await owner.login(org.ownerEmail);
  key = (await owner.post('/api/v1/channels', { type: 'webchat', name: 'Site' })).body.publicKey;
  agent = new TestClient(server.url);
  await agent.login((await addTestUser(server.ctx, org, 'agent')).email);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.skipIf(!existsSync(CHROMIUM))('web chat widget in the browser', () => {
  it('takes the pre-chat name, sends a message, shows the agent reply, and keeps the conversation on reload', async () => {
    const page = await browser.newPage({ locale: 'pt-BR' });
    const cspErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && cspErrors.push(m.text()));
    await page.goto(`${server.url}/demo?key=${key}`);

    const launcher = page.getByRole('button', { name: 'Abrir o chat' });
    await launcher.click();
    // The host's `button { background: hotpink !important }` does not reach into the Shadow DOM.
    expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgb(255, 105, 180)');
    await expect.poll(() => page.getByRole('link', { name: /aviso de privacidade/ }).getAttribute('href')).toMatch(/\/privacy\/[a-z0-9-]+$/);

    await page.getByLabel('Seu nome').fill('Ana Navegadora');
    await page.getByRole('button', { name: 'Iniciar conversa' }).click();
    const composer = page.getByLabel('Mensagem');
    await composer.fill('Oi, meu CPF é 111.444.777-35');
    await composer.press('Enter');
    await page.getByText('Enviada').waitFor();

    const conversation = await expect
      .poll(async () => (await agent.get('/api/v1/conversations?channel=webchat')).body.items[0], { timeout: 10_000 })
      .toBeTruthy()
      .then(async () => (await agent.get('/api/v1/conversations?channel=webchat')).body.items[0]);
    expect(conversation.contact.displayName).toBe('Ana Navegadora');
    expect(conversation.lastMessage).not.toContain('111.444.777');
    const reply = await agent.post(`/api/v1/conversations/${conversation.id}/messages`, { text: 'Olá Ana, já vamos verificar.' });
    expect(reply.status).toBe(201);
    const log = page.getByRole('list', { name: 'Conversa' });
    await log.getByText('Olá Ana, já vamos verificar.').waitFor({ timeout: 10_000 });

    // Same browser, new page load: same visitor, same conversation, own words masked from the server.
    await page.reload();
    await page.getByRole('button', { name: /Abrir o chat/ }).click();
    await log.getByText('Olá Ana, já vamos verificar.').waitFor({ timeout: 10_000 });
    expect(await log.textContent()).not.toContain('111.444.777');
    expect(cspErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
    await page.close();
  });

  it('shows the short notice and one unticked checkbox per optional purpose, records the choices, and lets the visitor withdraw', async () => {
    const context = await browser.newContext({ locale: 'pt-BR', userAgent: 'SigiloWidgetTest/1.0' });
    const page = await context.newPage();
    await page.goto(`${server.url}/demo?key=${key}`);
    await page.getByRole('button', { name: 'Abrir o chat' }).click();
    await page.getByText(/trata seus dados para atender você/).waitFor();
    const marketing = page.getByRole('checkbox', { name: 'Ofertas e novidades' });
    const survey = page.getByRole('checkbox', { name: 'Pesquisa de satisfação' });
    // Unticked, each on its own, with its own text: nothing pre-selected, nothing bundled.
    expect(await marketing.isChecked()).toBe(false);
    expect(await survey.isChecked()).toBe(false);
    expect(await page.getByRole('checkbox').count()).toBe(2);
    await page.getByText('Enviar ofertas, promoções e novidades pelo WhatsApp ou e-mail.').waitFor();

    await page.getByLabel('Seu nome').fill('Bruno Consentido');
    await marketing.check();
    await page.getByRole('button', { name: 'Iniciar conversa' }).click();
    const composer = page.getByLabel('Mensagem');
    await composer.fill('Olá, quero receber as ofertas');
    await composer.press('Enter');
    await page.getByText('Enviada').waitFor();

    const contactId = await expect
      .poll(async () => (await agent.get('/api/v1/conversations?channel=webchat')).body.items.find((c: any) => c.contact.displayName === 'Bruno Consentido')?.contact.id, { timeout: 10_000 })
      .toBeTruthy()
      .then(async () => (await agent.get('/api/v1/conversations?channel=webchat')).body.items.find((c: any) => c.contact.displayName === 'Bruno Consentido').contact.id);
    const states = async () => (await agent.get(`/api/v1/contacts/${contactId}/consents`)).body;
    await expect.poll(async () => (await states()).events.length, { timeout: 10_000 }).toBe(2);
    const first = await states();
    expect(first.states.find((s: any) => s.purpose === 'marketing')).toMatchObject({ status: 'given', valid: true });
    expect(first.states.find((s: any) => s.purpose === 'satisfaction_survey')).toMatchObject({ status: 'refused', valid: false });
    expect(first.events.every((e: any) => e.channel === 'webchat' && e.method === 'unticked_checkbox' && e.ipMasked === '127.0.0.x' && e.language === 'pt-BR')).toBe(true);

    // Withdrawing is as easy as giving: the same checkbox, in the widget.
    await page.getByRole('button', { name: 'Escolhas de privacidade' }).click();
    const again = page.getByRole('checkbox', { name: 'Ofertas e novidades' });
    expect(await again.isChecked()).toBe(true);
    await again.uncheck();
    await page.getByRole('button', { name: 'Salvar minhas escolhas' }).click();
    await page.getByRole('status').getByText('Suas escolhas foram salvas.').waitFor();
    await expect.poll(async () => (await states()).states.find((s: any) => s.purpose === 'marketing').status, { timeout: 10_000 }).toBe('withdrawn');
    const receipt = page.getByRole('link', { name: /Comprovante: Ofertas e novidades/ }).last();
    expect(await receipt.getAttribute('href')).toMatch(/\/privacy\/[a-z0-9-]+\/receipts\/[0-9a-f-]{36}\?t=/);
    await page.getByRole('button', { name: 'Voltar à conversa' }).click();
    await page.getByText('Olá, quero receber as ofertas').waitFor();
    await context.close();
  });
});
