import Database from 'better-sqlite3';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { buildClientOnce, launchBrowser, newPage, pageErrors, shot, waitEnabled } from './browser.ts';

/**
 * OpenID Connect sign-in in Chromium against a real OpenID provider
 * (oidc-provider, with its development login and consent pages) running in
 * this test on 127.0.0.1, and Versus in `oidc` mode pointing at it: the
 * authorization code flow with PKCE, the provider's real tokens, ID token and
 * userinfo. Alice is an admin by her verified email; Bob is a voter.
 */

const CLIENT_ID = 'versus-e2e';
const CLIENT_SECRET = 'a-client-secret-for-the-e2e-test-only';

let idpServer: Server;
let issuer: string;
let fake: FakeServer;
let arena: TestArena;
let browser: Browser;

/** Every account the provider knows: its login name is its subject. */
function findAccount(_ctx: unknown, id: string) {
  return {
    accountId: id,
    claims: () => ({ sub: id, email: `${id}@example.test`, email_verified: true, name: id.charAt(0).toUpperCase() + id.slice(1) }),
  };
}

beforeAll(async () => {
  await buildClientOnce();
  // The provider's address first (Versus needs the issuer), its clients once Versus knows its own (the redirect URI).
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => void res.writeHead(503).end();
  idpServer = createServer((req, res) => handle(req, res));
  await new Promise<void>((r) => idpServer.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}`;

  fake = await startFakeOpenAI({ models: { quick: { tokens: ['A ', 'short ', 'answer.'], firstTokenMs: 20, intervalMs: 10 } } });
  arena = await startTestArena(
    {
      access: {
        mode: 'oidc',
        oidc: { issuer, clientId: CLIENT_ID, clientSecretEnv: 'E2E_OIDC_SECRET', label: 'Test IdP', adminEmails: ['alice@example.test'] },
      },
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: fake.baseURL }],
      models: [testModel('alpha', 'fake', 'quick', { label: 'Alpha' }), testModel('beta', 'fake', 'quick', { label: 'Beta' })],
    },
    { env: { E2E_OIDC_SECRET: CLIENT_SECRET } },
  );

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${arena.server.url}/auth/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    findAccount,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['oidc-e2e-cookie-key'] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
  });
  const callback = provider.callback();
  handle = (req, res) => void callback(req, res);
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await fake?.close();
  await new Promise<void>((r) => (idpServer ? idpServer.close(() => r()) : r()));
});

/** A fresh browser that talks only to this machine (the provider's pages link a web font). */
async function freshPage(): Promise<Page> {
  const page = await newPage(browser);
  await page.context().route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
  return page;
}

/** From Versus's sign-in page through the provider's login and consent, back to Versus. */
async function signIn(page: Page, login: string) {
  await page.goto(`${arena.server.url}/`);
  await page.getByTestId('oidc-sign-in').click();
  await page.waitForURL((u) => u.href.startsWith(issuer));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.locator('button[type="submit"]').click();
  // Consent, the first time this account meets this client.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.href.startsWith(arena.server.url));
  await page.getByTestId('user-menu').waitFor();
}

describe('OpenID Connect sign-in in Chromium', () => {
  it('sends a signed-out visitor to the provider and back signed in; the socket opens as that user, who battles and votes', async () => {
    const page = await freshPage();
    await page.goto(`${arena.server.url}/`);
    // Signed out: the sign-in page, and no socket (the server would refuse it).
    await page.getByTestId('oidc-sign-in').waitFor();
    expect(await page.getByTestId('oidc-sign-in').textContent()).toBe('Sign in with Test IdP');
    expect(await page.evaluate(async () => (await fetch('/api/models')).status)).toBe(401);
    await shot(page, 'oidc-01-signed-out');

    await signIn(page, 'alice');
    expect(await page.getByTestId('user-menu').textContent()).toMatch(/^Alice\s*admin\s*Sign out$/);
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    await shot(page, 'oidc-02-signed-in');

    await page.locator('#prompt').fill('Hello from Alice');
    await page.locator('#prompt').press('Enter');
    const voteA = page.getByRole('button', { name: /A is better/ });
    await waitEnabled(voteA);
    await voteA.click();
    await page.getByTestId('reveal').waitFor();

    const alice = await arena.server.store.ratedVotes();
    expect(alice).toHaveLength(1);
    const vote = (await arena.server.store.getBattle(alice[0]!.battleId))!.vote!;
    const db = new Database(arena.dbPath, { readonly: true });
    const aliceUser = db.prepare(`SELECT id, email, name, role FROM users WHERE provider = 'oidc' AND subject = ?`).get(`${issuer}|alice`);
    db.close();
    // Her role stays voter in the table: admin comes from the configured email at each sign-in.
    expect(aliceUser).toMatchObject({ email: 'alice@example.test', name: 'Alice', role: 'voter' });
    expect(vote.userId).toBe((aliceUser as { id: string }).id);
    expect(pageErrors(page)).toEqual([]);
  });

  it('shows the admin page to an admin, and exports for her', async () => {
    const page = await freshPage();
    await signIn(page, 'alice');
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Suspicious activity' }).waitFor();
    await page.getByRole('heading', { name: 'Void votes' }).waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/export.jsonl')).status)).toBe(200);
    await shot(page, 'oidc-03-admin');
    expect(pageErrors(page)).toEqual([]);
  });

  it('keeps a voter out of the admin page and the export (403)', async () => {
    const page = await freshPage();
    await signIn(page, 'bob');
    expect(await page.getByTestId('user-menu').textContent()).toMatch(/^Bob\s*Sign out$/);
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${arena.server.url}/#/admin`);
    await page.getByText('Only an admin can moderate, export or import').waitFor();
    const res = await page.evaluate(async () => {
      const r = await fetch('/api/export.jsonl');
      return { status: r.status, body: (await r.json()) as unknown };
    });
    expect(res).toEqual({ status: 403, body: { error: { code: '403', message: 'Only an admin can do this' } } });
    expect(await page.evaluate(async () => (await fetch('/api/admin/voids')).status)).toBe(403);

    // Signing out ends the session on the server: the page is back to the way in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('oidc-sign-in').waitFor();
    expect(await page.evaluate(async () => (await fetch('/api/models')).status)).toBe(401);
  });
});
