import type { ModelSpecInput } from '../../shared/catalog.ts';

const OPENAI_41 = 'https://openai.com/index/gpt-4-1/ and https://platform.openai.com/docs/pricing';
const SELF_HOSTED = { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 };

/**
 * The models the seed comparison pages compare, with public facts as
 * published by their makers. Self-hosted models cost $0 per token here: the
 * hardware is the user's own, which the catalog page says.
 */
export const BUILTIN_MODELS: ModelSpecInput[] = [
  {
    id: 'gpt-4.1', label: 'GPT-4.1', organisation: 'OpenAI', endpoint: 'openai', upstreamModel: 'gpt-4.1',
    pricing: { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5 },
    contextWindow: 1_047_576, maxOutputTokens: 32_768, releaseDate: '2025-04-14', knowledgeCutoff: '2024-06',
    license: 'Proprietary', openWeights: false, source: OPENAI_41,
  },
  {
    id: 'gpt-4.1-mini', label: 'GPT-4.1 mini', organisation: 'OpenAI', endpoint: 'openai', upstreamModel: 'gpt-4.1-mini',
    pricing: { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
    contextWindow: 1_047_576, maxOutputTokens: 32_768, releaseDate: '2025-04-14', knowledgeCutoff: '2024-06',
    license: 'Proprietary', openWeights: false, source: OPENAI_41,
  },
  {
    id: 'gpt-4.1-nano', label: 'GPT-4.1 nano', organisation: 'OpenAI', endpoint: 'openai', upstreamModel: 'gpt-4.1-nano',
    pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
    contextWindow: 1_047_576, maxOutputTokens: 32_768, releaseDate: '2025-04-14', knowledgeCutoff: '2024-06',
    license: 'Proprietary', openWeights: false, source: OPENAI_41,
  },
  {
    id: 'claude-haiku-4.5', label: 'Claude Haiku 4.5', organisation: 'Anthropic', endpoint: 'anthropic', upstreamModel: 'claude-haiku-4-5',
    pricing: { inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1 },
    contextWindow: 200_000, maxOutputTokens: 64_000, releaseDate: '2025-10-15', knowledgeCutoff: '2025-02',
    license: 'Proprietary', openWeights: false,
    source: 'https://docs.anthropic.com/en/docs/about-claude/models/overview and https://www.anthropic.com/pricing',
  },
  {
    id: 'gemini-2.5-flash', label: 'Gemini 2.5 Flash', organisation: 'Google', endpoint: 'gemini', upstreamModel: 'gemini-2.5-flash',
    pricing: { inputPerMTok: 0.3, outputPerMTok: 2.5, cachedInputPerMTok: 0.03 },
    contextWindow: 1_048_576, maxOutputTokens: 65_536, releaseDate: '2025-06-17', knowledgeCutoff: '2025-01',
    license: 'Proprietary', openWeights: false,
    source: 'https://ai.google.dev/gemini-api/docs/models and https://ai.google.dev/gemini-api/docs/pricing (text input price)',
  },
  {
    id: 'gemma-3-27b', label: 'Gemma 3 27B', organisation: 'Google', endpoint: 'ollama', upstreamModel: 'gemma3:27b',
    pricing: SELF_HOSTED, contextWindow: 131_072, maxOutputTokens: 8_192, releaseDate: '2025-03-12', knowledgeCutoff: '2024-08',
    license: 'Gemma Terms of Use', openWeights: true, source: 'https://ai.google.dev/gemma/docs/core/model_card_3',
    details: { parameters: '27B', hosting: 'self-hosted (Ollama or any OpenAI-compatible server)' },
  },
  {
    id: 'gemma-3-4b', label: 'Gemma 3 4B', organisation: 'Google', endpoint: 'ollama', upstreamModel: 'gemma3:4b',
    pricing: SELF_HOSTED, contextWindow: 131_072, maxOutputTokens: 8_192, releaseDate: '2025-03-12', knowledgeCutoff: '2024-08',
    license: 'Gemma Terms of Use', openWeights: true, source: 'https://ai.google.dev/gemma/docs/core/model_card_3',
    details: { parameters: '4B', hosting: 'self-hosted (Ollama or any OpenAI-compatible server)' },
  },
  {
    id: 'llama-3.2-3b-instruct', label: 'Llama 3.2 3B Instruct', organisation: 'Meta', endpoint: 'ollama', upstreamModel: 'llama3.2:3b',
    pricing: SELF_HOSTED, contextWindow: 131_072, maxOutputTokens: null, releaseDate: '2024-09-25', knowledgeCutoff: '2023-12',
    license: 'Llama 3.2 Community License', openWeights: true, source: 'https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct (model card)',
    details: { parameters: '3.21B', hosting: 'self-hosted (Ollama or any OpenAI-compatible server)' },
  },
  {
    id: 'mistral-small-3.2', label: 'Mistral Small 3.2', organisation: 'Mistral AI', endpoint: 'mistral', upstreamModel: 'mistral-small-2506',
    pricing: { inputPerMTok: 0.1, outputPerMTok: 0.3, cachedInputPerMTok: null },
    contextWindow: 131_072, maxOutputTokens: null, releaseDate: '2025-06-20', knowledgeCutoff: null,
    license: 'Apache-2.0', openWeights: true,
    source: 'https://docs.mistral.ai/getting-started/models/ and https://mistral.ai/pricing',
    details: { parameters: '24B' },
  },
];
