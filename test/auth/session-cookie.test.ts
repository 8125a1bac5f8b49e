import { describe, expect, it } from 'vitest';
import { AuthState } from '../../shared/auth.ts';
import { createTestApp } from '../helpers/test-app.ts';

/** The session cookie's attributes, through the real app: what a browser would be told to keep. */

const SECRET = 'a long enough team secret';
const signIn = (app: Awaited<ReturnType<typeof createTestApp>>['app']) =>
  app.request('/auth/secret', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: SECRET }),
  });

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Strict, and over plain http neither Secure nor prefixed', async () => {
    const t = await createTestApp({ endpoints: [], models: [], access: { mode: 'team' } }, [], { VERSUS_TEAM_SECRET: SECRET });
    try {
      const res = await signIn(t.app);
      expect(res.status).toBe(200);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^versus_sid=[A-Za-z0-9_-]{32}; Max-Age=2592000; Path=\/; HttpOnly; SameSite=Strict$/);
    } finally {
      t.close();
    }
  });

  it('is Secure with the __Host- prefix when Versus is served over https (server.publicOrigin), and read back under that name', async () => {
    const t = await createTestApp(
      { endpoints: [], models: [], access: { mode: 'team', sessionDays: 7 }, server: { publicOrigin: 'https://versus.example.com' } },
      [],
      { VERSUS_TEAM_SECRET: SECRET },
    );
    try {
      const res = await signIn(t.app);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^__Host-versus_sid=[A-Za-z0-9_-]{32}; Max-Age=604800; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
      const me = await t.app.request('/auth/me', { headers: { cookie: cookie.split(';')[0]! } });
      expect(AuthState.parse(await me.json()).user).toMatchObject({ role: 'voter' });
      // The unprefixed name is not read over https: a plain-http page or a subdomain could have set it.
      const plain = cookie.split(';')[0]!.replace('__Host-', '');
      const other = await t.app.request('/auth/me', { headers: { cookie: plain } });
      expect(AuthState.parse(await other.json()).user).toBeNull();
    } finally {
      t.close();
    }
  });

  it('ends the session a browser held when it signs in again: a planted token is worth nothing afterwards', async () => {
    const t = await createTestApp({ endpoints: [], models: [], access: { mode: 'team' } }, [], { VERSUS_TEAM_SECRET: SECRET });
    try {
      const before = (await signIn(t.app)).headers.get('set-cookie')!.split(';')[0]!;
      const again = await t.app.request('/auth/secret', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: before },
        body: JSON.stringify({ secret: SECRET }),
      });
      const after = again.headers.get('set-cookie')!.split(';')[0]!;
      expect(after).not.toBe(before);
      const me = async (cookie: string) => AuthState.parse(await (await t.app.request('/auth/me', { headers: { cookie } })).json()).user;
      expect(await me(before)).toBeNull();
      expect(await me(after)).toMatchObject({ role: 'voter' });
    } finally {
      t.close();
    }
  });

  it('refuses to start with a team secret too short to resist guessing', async () => {
    await expect(
      createTestApp({ endpoints: [], models: [], access: { mode: 'team' } }, [], { VERSUS_TEAM_SECRET: 'short' }),
    ).rejects.toThrow(/VERSUS_TEAM_SECRET is 5 characters; a shared secret needs at least 16/);
  });
});
