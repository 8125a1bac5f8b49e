import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/load-config.ts';

function withConfig(body: unknown, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'versus-network-'));
  const path = join(dir, 'c.json');
  writeFileSync(path, JSON.stringify(body));
  return { VERSUS_CONFIG: path, ...env };
}

describe('network and limits.stops', () => {
  it('default to the loopback names only, no trusted proxy, and bounded sockets and exports', () => {
    const c = loadConfig(withConfig({}));
    expect(c.network).toEqual({
      publicOrigins: [],
      trustedProxies: [],
      maxConnectionsPerAddress: 32,
      maxConnections: 2048,
      idleSocketSeconds: 30,
      maxExportsPerAddress: 1,
      maxExports: 2,
    });
    expect(c.limits.stops).toEqual({ burst: 30, perMinute: 60 });
  });

  it('add VERSUS_PUBLIC_ORIGIN (a comma-separated list) to the configured origins', () => {
    const c = loadConfig(
      withConfig(
        { network: { publicOrigins: ['https://arena.example.com'] } },
        { VERSUS_PUBLIC_ORIGIN: 'http://localhost:5173, http://127.0.0.1:5173' },
      ),
    );
    expect(c.network.publicOrigins).toEqual(['https://arena.example.com', 'http://localhost:5173', 'http://127.0.0.1:5173']);
  });

  it.each([
    [{ network: { publicOrigins: ['https://arena.example.com/app'] } }, /network\.publicOrigins\[0\].*must be an origin only/],
    [{ network: { publicOrigins: ['*'] } }, /network\.publicOrigins\[0\].*not a URL/],
    [{ network: { trustedProxies: ['10.0.0.0/40'] } }, /network\.trustedProxies\[0\].*prefix length out of range/],
    [{ network: { trustedProxies: ['my-proxy'] } }, /network\.trustedProxies\[0\].*not an IP address or CIDR range/],
    [{ network: { maxConnections: 0 } }, /network\.maxConnections/],
  ])('refuse %j, naming the field', (body, message) => {
    expect(() => loadConfig(withConfig(body))).toThrow(message);
  });

  it('refuse a VERSUS_PUBLIC_ORIGIN that is not an origin', () => {
    expect(() => loadConfig(withConfig({}, { VERSUS_PUBLIC_ORIGIN: 'localhost:5173' }))).toThrow(/VERSUS_PUBLIC_ORIGIN/);
  });
});
