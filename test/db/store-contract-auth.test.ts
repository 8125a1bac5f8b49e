import { afterAll, describe, expect, it } from 'vitest';
import type { InviteRecord, UserRecord } from '../../db/auth-store.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';

const user = (id: string, over: Partial<UserRecord> = {}): UserRecord => ({
  id,
  provider: 'oidc',
  subject: `https://sso.example|${id}`,
  email: `${id}@example.com`,
  name: `User ${id}`,
  role: 'voter',
  createdAt: 1_750_000_000_000,
  ...over,
});

const invite = (id: string, over: Partial<InviteRecord> = {}) => ({
  id,
  tokenHash: `hash-of-${id}`,
  role: 'voter' as const,
  label: 'Grace',
  maxUses: 1,
  createdBy: 'cli',
  createdAt: 1_000,
  expiresAt: 10_000,
  ...over,
});

const redeemer = (n: { i: number }) => (inv: InviteRecord) =>
  user(`from-${inv.id}-${n.i++}`, { provider: 'invite', subject: `${inv.id}#${inv.uses}`, role: inv.role });

/** The auth store's contract on every backend: users, server-issued sessions, invites and the server's secret. */
describe.each(backendsUnderTest())('the auth store on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const test = it.skipIf(backend.skip);

  test('keeps users by id and by (provider, subject), with their profile and role', async () => {
    const s = await (await backend.fresh()).open();
    await s.auth.createUser(user('u1'));
    await s.auth.createUser(user('u2', { createdAt: 1_750_000_000_001, email: null, name: null }));
    await expect(s.auth.createUser(user('u3', { subject: user('u1').subject }))).rejects.toThrow();
    expect(await s.auth.user('u1')).toEqual(user('u1'));
    expect(await s.auth.userBySubject('oidc', user('u2').subject)).toEqual(
      user('u2', { createdAt: 1_750_000_000_001, email: null, name: null }),
    );
    expect(await s.auth.userBySubject('invite', user('u2').subject)).toBeNull();
    await s.auth.updateProfile('u1', 'new@example.com', 'New Name');
    expect(await s.auth.setRole('u1', 'admin')).toBe(true);
    expect(await s.auth.setRole('nobody', 'admin')).toBe(false);
    expect(await s.auth.user('u1')).toMatchObject({ email: 'new@example.com', name: 'New Name', role: 'admin' });
    expect((await s.auth.users()).map((u) => u.id)).toEqual(['u1', 'u2']);
    expect(await s.auth.adminCount()).toBe(1);
  });

  test('resolves a session only while it is live, and prunes the dead ones', async () => {
    const s = await (await backend.fresh()).open();
    await s.auth.createUser(user('u1'));
    const session = { tokenHash: 't-live', userId: 'u1', adminByClaims: true, createdAt: 100, expiresAt: 1_000 };
    await s.auth.createSession(session);
    await s.auth.createSession({ ...session, tokenHash: 't-other' });
    await s.auth.createSession({ tokenHash: 't-anon', userId: null, adminByClaims: false, createdAt: 100, expiresAt: 5_000 });
    expect(await s.auth.liveSession('t-live', 999)).toEqual(session);
    expect(await s.auth.liveSession('t-live', 1_000)).toBeNull();
    expect(await s.auth.liveSession('t-anon', 999)).toMatchObject({ userId: null, adminByClaims: false });
    expect(await s.auth.claimAdmins(500)).toEqual(new Set(['u1']));
    await s.auth.revokeSession('t-live', 200);
    expect(await s.auth.liveSession('t-live', 300)).toBeNull();
    expect(await s.auth.revokeUserSessions('u1', 300)).toBe(1);
    expect(await s.auth.claimAdmins(500)).toEqual(new Set());
    // Two revoked ones go; the anonymous session still lives.
    expect(await s.auth.pruneSessions(500)).toBe(2);
    expect(await s.auth.liveSession('t-anon', 600)).not.toBeNull();
  });

  test('redeems an invite as many times as it allows, each use one user, and never past its end', async () => {
    const s = await (await backend.fresh()).open();
    const n = { i: 0 };
    await s.auth.createInvite(invite('inv-2', { maxUses: 2, role: 'admin' }));
    const first = await s.auth.redeemInvite('hash-of-inv-2', 2_000, redeemer(n));
    expect(first).toMatchObject({ provider: 'invite', subject: 'inv-2#1', role: 'admin' });
    expect(await s.auth.user(first!.id)).toEqual(first);
    expect(await s.auth.redeemInvite('hash-of-inv-2', 2_000, redeemer(n))).toMatchObject({ subject: 'inv-2#2' });
    expect(await s.auth.redeemInvite('hash-of-inv-2', 2_000, redeemer(n))).toBeNull();
    await s.auth.createInvite(invite('inv-old'));
    expect(await s.auth.redeemInvite('hash-of-inv-old', 10_000, redeemer(n))).toBeNull();
    await s.auth.createInvite(invite('inv-revoked'));
    expect(await s.auth.revokeInvite('inv-revoked', 3_000)).toBe(true);
    expect(await s.auth.revokeInvite('inv-revoked', 3_000)).toBe(false);
    expect(await s.auth.redeemInvite('hash-of-inv-revoked', 4_000, redeemer(n))).toBeNull();
    expect(await s.auth.redeemInvite('no-such-hash', 4_000, redeemer(n))).toBeNull();
    expect((await s.auth.invites()).map((i) => [i.id, i.uses, i.revokedAt])).toEqual([
      ['inv-2', 2, null],
      ['inv-old', 0, null],
      ['inv-revoked', 0, 3_000],
    ]);
    expect(await s.auth.users()).toHaveLength(2);
  });

  test('gives the last use of an invite to one of two people redeeming it at once', async () => {
    const db = await backend.fresh();
    const [one, two] = [await db.open(), await db.open()];
    await one.auth.createInvite(invite('inv-last'));
    const n = { i: 0 };
    const got = await Promise.all([
      one.auth.redeemInvite('hash-of-inv-last', 2_000, redeemer(n)),
      two.auth.redeemInvite('hash-of-inv-last', 2_000, redeemer(n)),
    ]);
    expect(got.filter((u) => u !== null)).toHaveLength(1);
    expect(await one.auth.users()).toHaveLength(1);
  });

  test('makes the server secret once: later calls, and another process starting at once, get the same value', async () => {
    const db = await backend.fresh();
    const [one, two] = [await db.open(), await db.open()];
    const [a, b] = await Promise.all([one.auth.secret('master', () => 'made-by-one'), two.auth.secret('master', () => 'made-by-two')]);
    expect(a).toBe(b);
    expect(await one.auth.secret('master', () => 'never used')).toBe(a);
  });
});
