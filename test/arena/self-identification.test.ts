import { describe, expect, it } from 'vitest';
import { identityTerms, selfIdentification } from '../../server/arena/self-identification.ts';
import { ModelSpec } from '../../shared/catalog.ts';
import { BUILTIN_MODELS } from '../../server/catalog/builtin-models.ts';
import { testModel } from '../helpers/test-model.ts';

const spec = (id: string) => ModelSpec.parse(BUILTIN_MODELS.find((m) => m.id === id));

describe('self-identification', () => {
  it('derives identity terms from organisation and label family', () => {
    expect(identityTerms(spec('claude-haiku-4.5'))).toEqual(['Anthropic', 'Claude']);
    expect(identityTerms(spec('gpt-4.1-mini'))).toEqual(['OpenAI', 'GPT']);
    expect(identityTerms(ModelSpec.parse(testModel('x', 'e', 'x', { organisation: 'local', label: 'local stories' })))).toEqual([]);
    expect(identityTerms(ModelSpec.parse(testModel('y', 'e', 'y', { identityTerms: ['Versy'] })))).toEqual(['Versy']);
  });

  it('finds a term as a whole word, in any case', () => {
    expect(selfIdentification('I am Claude, made by Anthropic.', ['Anthropic', 'Claude'])).toBe('Anthropic');
    expect(selfIdentification('As an OPENAI model…', ['OpenAI'])).toBe('OpenAI');
    expect(selfIdentification('GPT-4.1 here', ['GPT'])).toBe('GPT');
    expect(selfIdentification('Claudette went to the market', ['Claude'])).toBeNull();
    expect(selfIdentification('', ['Claude'])).toBeNull();
  });
});
