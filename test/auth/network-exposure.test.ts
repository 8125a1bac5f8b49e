import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../server/auth/check-network-exposure.ts';
import { killServer, spawnServer, waitFor } from '../hardening/helpers.ts';
import { startTestArena } from '../helpers/test-arena.ts';

/**
 * Local mode has no sign-in and makes everyone an admin: on a network
 * interface Versus refuses to start in it, says why, and starts only when
 * told explicitly that the network is the owner's alone.
 */

describe('starting on a network interface', () => {
  it('knows loopback from the network', () => {
    for (const host of ['127.0.0.1', '127.8.9.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.5', 'versus.example.com', '::2'])
      expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses local mode on 0.0.0.0, with the reason and the ways out, before anything listens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'versus-open-'));
    try {
      const failed = await spawnServer(dir, { endpoints: [], models: [] }, { VERSUS_HOST: '0.0.0.0' }).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(failed).toMatch(/server exited \(1\) before it started/);
      expect(failed).toMatch(/Versus cannot start: Versus will not listen on 0\.0\.0\.0 in access mode "local"/);
      expect(failed).toMatch(/everyone who reaches the port an admin/);
      expect(failed).toMatch(/access\.mode "team"/);
      expect(failed).toMatch(/"allowOpenNetwork": true/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts local mode on 0.0.0.0 when access.allowOpenNetwork says so', async () => {
    const arena = await startTestArena(
      { endpoints: [], models: [], access: { allowOpenNetwork: true } },
      { env: { VERSUS_HOST: '0.0.0.0' } },
    );
    try {
      expect(arena.server.config.host).toBe('0.0.0.0');
      expect((await fetch(`${arena.server.url}/api/health`)).status).toBe(200);
    } finally {
      await arena.close();
    }
  });

  it('starts team mode on 0.0.0.0 without any opt-in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'versus-team-'));
    const child = await spawnServer(
      dir,
      { endpoints: [], models: [], access: { mode: 'team' } },
      { VERSUS_HOST: '0.0.0.0', VERSUS_TEAM_SECRET: 'sixteen or more characters' },
    );
    try {
      expect((await fetch(`${child.url}/api/models`)).status).toBe(401);
      // The banner says how people get in, and how to make the first admin.
      await waitFor(() => child.output.some((l) => l.startsWith('No admin yet')), 'the access lines of the banner');
      expect(child.output).toContain('Access: team mode, sign in with the shared secret or invite links.');
      expect(child.output).toContain('No admin yet: `npm run admin -- invite --admin` prints a one-time admin link.');
    } finally {
      await killServer(child);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
