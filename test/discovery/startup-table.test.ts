import { describe, expect, it } from 'vitest';
import { HOW_TO_ADD_PROVIDER, HOW_TO_ADD_SECOND_MODEL } from '../../server/setup-help.ts';
import { formatStartupTable } from '../../server/startup-table.ts';

describe('start-up table', () => {
  it('aligns provider, models and status, lists problems, and ends with the URL', () => {
    const text = formatStartupTable({
      url: 'http://127.0.0.1:8787',
      problems: ['/m/bad.gguf: not a GGUF file (…); skipped'],
      rows: [
        { provider: 'OpenAI', models: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o3', 'o4-mini'], ok: true, status: 'ready' },
        { provider: 'Local GGUF (node-llama-cpp)', models: [], ok: false, status: 'no .gguf files in /m' },
      ],
    });
    const lines = text.split('\n');
    const header = lines.find((l) => l.includes('PROVIDER'))!;
    const openai = lines.find((l) => l.includes('OpenAI'))!;
    expect(openai).toMatch(/✓ OpenAI\s+gpt-4\.1, gpt-4\.1-mini, gpt-4\.1-nano \+2 more\s+ready/);
    expect(openai.indexOf('gpt-4.1')).toBe(header.indexOf('MODELS'));
    expect(openai.indexOf('ready')).toBe(header.indexOf('STATUS'));
    expect(text).toContain('/m/bad.gguf: not a GGUF file');
    expect(text).not.toContain(HOW_TO_ADD_PROVIDER);
    expect(text).not.toContain(HOW_TO_ADD_SECOND_MODEL);
    expect(lines.filter(Boolean).at(-1)).toBe('  5 models ready. Open http://127.0.0.1:8787');
  });

  it('with no model available, prints exactly how to add a provider', () => {
    const text = formatStartupTable({
      url: 'http://localhost:8787',
      rows: [{ provider: 'OpenAI', models: [], ok: false, status: 'set OPENAI_API_KEY' }],
    });
    expect(text).toContain(HOW_TO_ADD_PROVIDER);
    expect(text).toMatch(/0 models ready\. Open http:\/\/localhost:8787/);
  });

  it('with one model available, says a battle needs two and how to add a second', () => {
    const text = formatStartupTable({
      url: 'http://localhost:8787',
      rows: [
        { provider: 'OpenAI', models: [], ok: false, status: 'set OPENAI_API_KEY' },
        { provider: 'Local GGUF (node-llama-cpp)', models: ['local:SmolLM2-135M-Instruct-Q4_K_M'], ok: true, status: 'ready' },
      ],
    });
    expect(text).toContain(HOW_TO_ADD_SECOND_MODEL);
    expect(text).not.toContain(HOW_TO_ADD_PROVIDER);
    expect(text).toMatch(/Only one model is available, and a battle needs two\. Add a second/);
    expect(text).toMatch(/set OPENAI_API_KEY/);
    expect(text).toMatch(/ollama pull/);
    expect(text).toMatch(/drop a \.gguf into \.\/models/);
    expect(text.split('\n').filter(Boolean).at(-1)).toBe('  1 model ready. Open http://localhost:8787');
  });

  it('shows no credential and lets no escape sequence through, whatever the rows hold', () => {
    const text = formatStartupTable({
      url: 'http://localhost:8787',
      problems: ['/m/\x1b]0;pwned\x07evil.gguf: not a GGUF file'],
      rows: [
        { provider: 'vLLM', models: ['m\x1b[2J'], ok: true, status: 'ready' },
        {
          provider: 'gw',
          models: [],
          ok: false,
          status: 'no server answered at http://admin:hunter2-secret@10.0.0.5/v1?api_key=abc123def (\x1b[31mrefused\x1b[0m)',
        },
      ],
    });
    // eslint-disable-next-line no-control-regex -- the assertion is about control characters
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(text).toContain('m\\x1b[2J');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('abc123def');
    expect(text).toContain('http://[redacted]@10.0.0.5/v1?api_key=[redacted]');
  });
});
