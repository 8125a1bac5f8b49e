import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvite } from '../../server/auth/invites.ts';
import { InviteCreated } from '../../shared/admin.ts';
import { postJson, sessionOf } from '../auth/auth-steps.ts';
import { startFakeOpenAI } from '../helpers/fake-openai-server.ts';
import type { FakeServer } from '../helpers/fake-provider-server.ts';
import { startTestArena, type TestArena } from '../helpers/test-arena.ts';
import { testModel } from '../helpers/test-model.ts';
import { buildClientOnce, launchBrowser, newPage, pageErrors, shot } from './browser.ts';

/** Team mode in Chromium: the sign-in page, a wrong and a right secret, and an invite link opened once. */

const SECRET = 'the team secret, long enough';
let fake: FakeServer;
let arena: TestArena;
let browser: Browser;

beforeAll(async () => {
  await buildClientOnce();
  fake = await startFakeOpenAI({ models: { quick: { tokens: ['Hi'] } } });
  arena = await startTestArena(
    {
      access: { mode: 'team' },
      endpoints: [{ id: 'fake', kind: 'openai', baseURL: fake.baseURL }],
      models: [testModel('alpha', 'fake', 'quick'), testModel('beta', 'fake', 'quick')],
    },
    { env: { VERSUS_TEAM_SECRET: SECRET } },
  );
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await arena?.close();
  await fake?.close();
});

describe('team mode in Chromium', () => {
  it('signs in with the team secret after refusing a wrong one', async () => {
    const page = await newPage(browser);
    await page.goto(`${arena.server.url}/`);
    const secret = page.getByLabel('The secret your team shares');
    await secret.fill('not the secret at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That is not the team secret' }).waitFor();
    await secret.fill(SECRET);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toMatch(/^Signed in\s*Sign out$/);
    expect(pageErrors(page)).toEqual([]);
  });

  it('joins through an invite link once; the second visitor with the same link is refused', async () => {
    // A first admin (as `npm run admin -- invite --admin` makes one; team-mode.test.ts runs the command itself).
    const first = await createInvite(arena.server.auth.store, { role: 'admin', uses: 1, days: 1, createdBy: 'test' });
    const admin = sessionOf(await postJson(arena.server.url, '/auth/invite', { token: first.token }))!;
    const made = InviteCreated.parse(
      await (await postJson(arena.server.url, '/api/admin/invites', { role: 'voter', label: 'Grace' }, admin)).json(),
    );
    expect(made.link).toMatch(new RegExp(`^${arena.server.url}/#/join/[A-Za-z0-9_-]{32}$`));

    const page = await newPage(browser);
    await page.goto(made.link);
    await page.getByRole('heading', { name: 'Join with your invite' }).waitFor();
    await shot(page, 'team-01-join');
    await page.getByLabel(/Your name/).fill('Grace Hopper');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.getByTestId('connection').filter({ hasText: 'Connected' }).waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toMatch(/^Grace Hopper\s*Sign out$/);

    const other = await newPage(browser);
    await other.goto(made.link);
    await other.getByRole('button', { name: 'Join' }).click();
    await other.getByRole('alert').filter({ hasText: 'This invite link is not valid' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });
});
