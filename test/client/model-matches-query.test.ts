import { describe, expect, it } from 'vitest';
import { modelMatchesQuery } from '../../client/lib/model-matches-query.ts';

const gemma = { id: 'ollama:gemma3:4b', label: 'Gemma 3 4B', organisation: 'Google', providerLabel: 'Ollama' };

describe('modelMatchesQuery', () => {
  it('finds a model by name, organisation, provider or id, every word anywhere, any case', () => {
    for (const q of ['', 'gemma', 'GOOGLE', 'ollama', 'gemma3:4b', 'google ollama', '  4b  gem '])
      expect(modelMatchesQuery(gemma, q)).toBe(true);
    for (const q of ['openai', 'gemma openai', 'llama3']) expect(modelMatchesQuery(gemma, q)).toBe(false);
  });
});
