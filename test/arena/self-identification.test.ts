import { describe, expect, it } from 'vitest';
import { identityTerms, selfIdentification } from '../../server/arena/self-identification.ts';
import { ModelSpec } from '../../shared/catalog.ts';
import { BUILTIN_MODELS } from '../../server/catalog/builtin-models.ts';
import { testModel } from '../helpers/test-model.ts';

const spec = (id: string) => ModelSpec.parse(BUILTIN_MODELS.find((m) => m.id === id));

describe('identity terms', () => {
  it('come from the organisation, the label family and the maker aliases, once each', () => {
    expect(identityTerms(spec('claude-haiku-4.5'))).toEqual(['Anthropic', 'Claude']);
    expect(identityTerms(spec('gpt-4.1-mini'))).toEqual(['OpenAI', 'GPT', 'ChatGPT']);
    expect(identityTerms(spec('gemma-3-4b'))).toEqual(['Google', 'Gemma', 'Gemini', 'Bard', 'DeepMind']);
    expect(identityTerms(ModelSpec.parse(testModel('x', 'e', 'x', { organisation: 'local', label: 'local stories' })))).toEqual([]);
    expect(identityTerms(ModelSpec.parse(testModel('y', 'e', 'y', { identityTerms: ['Versy'] })))).toEqual(['Versy']);
  });
});

describe('self-identification', () => {
  const openai = identityTerms(spec('gpt-4.1-mini'));
  const anthropic = identityTerms(spec('claude-haiku-4.5'));

  // Each of these names its maker or model, however it is spelled.
  const naming: [string, readonly string[]][] = [
    ['I am ChatGPT, based on gpt4.1-mini, made by Open AI', openai],
    ['I was made by Open AI.', openai],
    ['I was made by open-ai.', openai],
    ['I was made by OPENAI.', openai],
    ["OpenAI's models", openai],
    ['I am gpt4.1', openai],
    ['I am GPT-4.1', openai],
    ['I am GPT 4.1 mini', openai],
    ['I am gpt-4o', openai],
    ['I am Chat GPT', openai],
    ['I am Chat-GPT', openai],
    ['I am ChatGPT.', openai],
    ['Ｏｐｅｎ ＡＩ (full width)', openai],
    ['I am Claude.', anthropic],
    ['I am claude-3.5-sonnet', anthropic],
    ['Claude3 here', anthropic],
    ['Built by Anthropic’s team', anthropic],
  ];
  it.each(naming)('finds %j', (text, terms) => {
    expect(selfIdentification(text, terms)).not.toBeNull();
  });

  // Words that merely contain a term, or an unrelated run of words, are not a self-identification.
  const innocent: [string, readonly string[]][] = [
    ['Claudette went to the market', anthropic],
    ['We hiked in the open air', openai],
    ['A herd of llamas', ['Llama']],
    ['Read some philosophy', ['Phi']],
    ['The gptq format', ['GPT']],
    ['', anthropic],
  ];
  it.each(innocent)('leaves %j alone', (text, terms) => {
    expect(selfIdentification(text, terms)).toBeNull();
  });

  it('says which term it found', () => {
    expect(selfIdentification('I am Claude, made by Anthropic.', ['Anthropic', 'Claude'])).toBe('Claude');
    expect(selfIdentification('As an OPENAI model…', ['OpenAI'])).toBe('OpenAI');
  });
});
