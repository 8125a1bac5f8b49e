import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';
import { testModel } from '../helpers/test-model.ts';

function withConfig(body: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'versus-cfg-'));
  const path = join(dir, 'c.json');
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return { VERSUS_CONFIG: path };
}

describe('loadConfig', () => {
  it('runs with no config file and offers the built-in catalog', () => {
    const cfg = loadConfig({}, mkdtempSync(join(tmpdir(), 'versus-cfg-')));
    expect(cfg.configFound).toBe(false);
    expect(cfg.models.map((m) => m.id)).toContain('gpt-4.1-mini');
    expect(cfg.port).toBe(8787);
    expect(cfg.host).toBe('127.0.0.1');
  });

  it('overrides a built-in fact field by field and adds endpoints and models', () => {
    const cfg = loadConfig(
      withConfig({
        endpoints: [{ id: 'mine', kind: 'openai', baseURL: 'http://127.0.0.1:9/v1', apiKeyEnv: 'MY_KEY', headers: { 'X-Team': 't' } }],
        models: [{ id: 'gpt-4.1-mini', pricing: { inputPerMTok: 0.2 } }, testModel('local-one', 'mine', 'one')],
      }),
    );
    const mini = cfg.models.find((m) => m.id === 'gpt-4.1-mini')!;
    expect(mini.pricing).toEqual({ inputPerMTok: 0.2, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 });
    expect(mini.contextWindow).toBe(1_047_576);
    expect(cfg.endpoints.find((e) => e.id === 'mine')?.maxRetries).toBe(0);
    expect(cfg.models.find((m) => m.id === 'local-one')?.endpoint).toBe('mine');
  });

  it('names the field of an invalid entry', () => {
    expect(() =>
      loadConfig(withConfig({ models: [testModel('x', 'openai', 'x', { pricing: { inputPerMTok: 'cheap', outputPerMTok: 1 } })] })),
    ).toThrow(/models\[0\]\.pricing\.inputPerMTok/);
    expect(() => loadConfig(withConfig({ endpoints: [{ id: 'e', kind: 'grpc' }] }))).toThrow(/endpoints\[0\]\.kind/);
    expect(() => loadConfig(withConfig({ sever: {} }))).toThrow(ConfigError);
  });

  it('rejects broken JSON, a missing VERSUS_CONFIG target and a model on an unknown endpoint', () => {
    expect(() => loadConfig(withConfig('{ "models": ['))).toThrow(/not valid JSON/);
    expect(() => loadConfig({ VERSUS_CONFIG: '/nonexistent/versus.json' })).toThrow(/does not exist/);
    expect(() => loadConfig(withConfig({ models: [testModel('y', 'nowhere', 'y')] }))).toThrow(/endpoint "nowhere"/);
  });

  it('reads port, host and database path from the environment first', () => {
    const cfg = loadConfig({
      ...withConfig({ server: { port: 9000 } }),
      VERSUS_PORT: '9100',
      VERSUS_HOST: '0.0.0.0',
      VERSUS_DB: '/tmp/x.db',
    });
    expect(cfg.port).toBe(9100);
    expect(cfg.host).toBe('0.0.0.0');
    expect(cfg.dbPath).toBe('/tmp/x.db');
    expect(() => loadConfig({ VERSUS_PORT: 'eighty' })).toThrow(/VERSUS_PORT/);
  });
});
