// Browser test of the data-subject portal against the real server (issue 6): a customer asks for
// access at /privacy/{slug}/requests, types the code that arrives by e-mail (a local SMTP sink),
// follows their request to the finished bundle and downloads it; the owner then sees the answered
// request in the DPO queue with its clock, and the DPO console charts requests against deadlines.
import * as OTPAuth from 'otpauth';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { request, type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli, ensureWebBuilt, execFileAsync, launchChromium, repoRoot, startServer, type RunningServer } from './support';

const runId = Date.now().toString(36);
const owner = { orgName: `Rights Org ${runId}`, name: 'Olga Owner', email: `owner-${runId}@e2e.sigilo.test`, password: 'Tamarind-Lighthouse-9431!' };
const customerEmail = `cliente-${runId}@e2e.sigilo.test`;

describe('data-subject portal in the browser', () => {
  let server: RunningServer;
  let smtp: SMTPServer;
  const mails: Array<{ to: string; raw: string }> = [];
  let browser: Browser | undefined;
  let ownerApi: APIRequestContext;
  let customer: Page;
  let slug = '';
  let failed = false;
  const saved: Record<string, string | undefined> = {};

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
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          for (const rcpt of session.envelope.rcptTo) mails.push({ to: rcpt.address, raw: Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, '') });
          done();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    // The server is a child process: it reads SMTP settings from the environment it inherits.
    const smtpEnv = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String((smtp.server.address() as { port: number }).port), SMTP_SECURE: 'false' };
    for (const [k, v] of Object.entries(smtpEnv)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
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
    const session = await ownerCall<{ organization: { slug: string } }>('GET', '/api/v1/auth/session');
    slug = session.body.organization.slug;
    // The customer is on file (e.g. they wrote to support before).
    expect((await ownerCall('POST', '/api/v1/contacts', { displayName: 'Clara Cliente', identities: [{ kind: 'email', value: customerEmail }] })).status).toBe(201);

    browser = await launchChromium();
    customer = await (await browser.newContext({ locale: 'pt-BR', acceptDownloads: true })).newPage();
    customer.setDefaultTimeout(20_000);
  }, 240_000);

  afterAll(async () => {
    await ownerApi?.dispose().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    smtp?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  beforeEach((ctx) => {
    if (failed) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    failed = true;
    const text = await customer?.locator('body').innerText().catch(() => '');
    console.error(`[customer] step failed at ${customer?.url()}\n--- page text ---\n${(text ?? '').slice(0, 1500)}`);
    console.error(`--- server output (tail) ---\n${server?.output().slice(-3000)}`);
  });

  it('asks for access, confirms with the e-mailed code and downloads the bundle', async () => {
    await customer.goto(`${server.baseUrl}/privacy/${slug}/requests`);
    await customer.getByLabel('O que você deseja?').selectOption('access');
    // The code can also go by WhatsApp; e-mail is the default choice.
    await customer.getByLabel('WhatsApp', { exact: true }).waitFor();
    expect(await customer.getByLabel('E-mail', { exact: true }).isChecked()).toBe(true);
    await customer.getByLabel('Seu e-mail (o mesmo que usou conosco)').fill(customerEmail);
    await customer.getByRole('button', { name: 'Enviar' }).click();
    await customer.getByRole('heading', { name: 'Confirme que é você' }).waitFor();

    const deadline = Date.now() + 20_000;
    let code: string | undefined;
    while (!code && Date.now() < deadline) {
      code = mails.filter((m) => m.to === customerEmail).map((m) => /\b(\d{6})\b/.exec(m.raw)?.[1]).find(Boolean);
      if (!code) await new Promise((r) => setTimeout(r, 200));
    }
    expect(code).toMatch(/^\d{6}$/);
    await customer.getByLabel('Código').fill(code!);
    await customer.getByRole('button', { name: 'Confirmar' }).click();
    await customer.getByRole('heading', { name: 'Sua solicitação' }).waitFor();

    // The bundle is built by a job: the requester refreshes until the link shows.
    const link = customer.locator('#download');
    for (let i = 0; i < 40 && !(await link.count()); i++) {
      await new Promise((r) => setTimeout(r, 500));
      await customer.reload();
    }
    const downloadPromise = customer.waitForEvent('download');
    await link.click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/^personal-data-\d+\.zip$/);
    const dir = mkdtempSync(path.join(tmpdir(), 'dsr-e2e-'));
    try {
      const file = path.join(dir, 'bundle.zip');
      await download.saveAs(file);
      const names = execFileSync('python3', ['-c', 'import sys,zipfile;print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file]).toString('utf8');
      expect(names).toContain('report.html');
      expect(names).toContain('data.json');
      const data = JSON.parse(execFileSync('python3', ['-c', 'import sys,zipfile;print(zipfile.ZipFile(sys.argv[1]).read("data.json").decode())', file]).toString('utf8'));
      const identities = data.categories.find((c: { table: string }) => c.table === 'contact_identities');
      expect(identities.records[0].value).toBe(customerEmail);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await customer.getByText('concluída').first().waitFor();
  }, 90_000);

  it('shows the answered request in the DPO queue with its clock', async () => {
    const state = await ownerApi.storageState();
    const page = await (await browser!.newContext({ locale: 'en', storageState: state, viewport: { width: 1400, height: 900 } })).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.baseUrl}/requests`);
    await page.getByTestId('request-filter').getByText('All').click();
    const row = page.getByTestId('request-row').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('Access');
    expect(await row.getByTestId('request-clock').textContent()).toBe('answered in time');
    await row.click();
    await page.getByTestId('request-drawer').getByText('bundle downloaded').waitFor();
  }, 60_000);

  it('charts requests against their legal deadlines in the DPO console', async () => {
    // A second request, registered by phone and still open.
    const open = await ownerCall('POST', '/api/v1/data-subject-requests', { kind: 'sharing_info', channel: 'phone', language: 'pt-BR', evidence: 'called back on the number on file', identities: [{ kind: 'email', value: customerEmail }] });
    expect(open.status).toBe(201);
    const state = await ownerApi.storageState();
    const page = await (await browser!.newContext({ locale: 'en', storageState: state, viewport: { width: 1400, height: 1000 } })).newPage();
    page.setDefaultTimeout(20_000);
    await page.goto(`${server.baseUrl}/dpo?tab=overview`);
    const openChart = page.getByTestId('dpo-chart-requests-open');
    await openChart.getByText('Open data-subject requests by days left to answer').waitFor();
    expect(await openChart.getByTestId('dpo-requests-summary').textContent()).toBe('1 open, 0 overdue');
    await openChart.locator('.recharts-bar-rectangle').first().waitFor();
    // The LGPD clock gives 15 days: the open request sits in the 8–15 days bar.
    await openChart.getByText('8–15 days').first().waitFor();
    const answered = page.getByTestId('dpo-chart-requests-answered');
    await answered.getByText('Data-subject requests answered per week (8 weeks)').waitFor();
    await answered.locator('.recharts-bar-rectangle').first().waitFor();
    await answered.getByText('On time').first().waitFor();
  }, 60_000);

  it('lets an auditor read the queue from the navigation, without the staff actions', async () => {
    const auditor = { email: `auditor-${runId}@e2e.sigilo.test`, password: 'Marmalade-Compass-7264!' };
    expect((await ownerCall('POST', '/api/v1/users', { email: auditor.email, name: 'Aldo Auditor', role: 'auditor', password: auditor.password })).status).toBe(201);
    const auditorApi = await request.newContext({ baseURL: server.baseUrl });
    try {
      const csrf = ((await (await auditorApi.get('/api/v1/auth/csrf')).json()) as { csrfToken: string }).csrfToken;
      expect((await auditorApi.post('/api/v1/auth/login', { headers: { 'x-csrf-token': csrf }, data: auditor })).status()).toBe(200);
      const page = await (await browser!.newContext({ locale: 'en', storageState: await auditorApi.storageState(), viewport: { width: 1400, height: 900 } })).newPage();
      page.setDefaultTimeout(20_000);
      await page.goto(`${server.baseUrl}/audit`);
      await page.getByTestId('nav-requests').click();
      await page.getByTestId('request-filter').getByText('All').click();
      await page.getByTestId('request-row').first().waitFor();
      expect(await page.getByTestId('register-request').count()).toBe(0);
      await page.getByTestId('request-row').first().click();
      const drawer = page.getByRole('dialog');
      await drawer.waitFor();
      await drawer.getByText(/LGPD/).first().waitFor();
      expect(await drawer.getByRole('button').filter({ hasText: /Reject|Extend|Erase|Rebuild|Answer/ }).count()).toBe(0);
    } finally {
      await auditorApi.dispose();
    }
  }, 60_000);
});
