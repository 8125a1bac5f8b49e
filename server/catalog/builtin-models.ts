import type { Capabilities, ModelSpecInput, PublishedBenchmark } from '../../shared/catalog.ts';

const OPENAI_41 = 'https://openai.com/index/gpt-4-1/ and https://platform.openai.com/docs/pricing';
const SELF_HOSTED = { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 };

// Published figures, each with where and when it was published. Versus shows them as "published",
// never mixed with what it measured itself. A fact no maker or public measurement states stays out.

/** OpenAI's launch article, appendix (academic knowledge, instruction following). */
const OPENAI_41_EVALS = 'OpenAI, "Introducing GPT-4.1 in the API", appendix (https://openai.com/index/gpt-4-1/)';
const openai41 = (mmlu: number, gpqa: number, ifeval: number): PublishedBenchmark[] => [
  { benchmark: 'MMLU', score: mmlu, scale: 'percent', setting: 'zero-shot, chain of thought (simple-evals)', source: OPENAI_41_EVALS, date: '2025-04-14' },
  { benchmark: 'GPQA Diamond', score: gpqa, scale: 'percent', setting: 'zero-shot, chain of thought (simple-evals)', source: OPENAI_41_EVALS, date: '2025-04-14' },
  { benchmark: 'IFEval', score: ifeval, scale: 'percent', source: OPENAI_41_EVALS, date: '2025-04-14' },
];
const OPENAI_41_CAPABILITIES: Capabilities = {
  inputModalities: ['text', 'image'],
  toolCalling: true,
  structuredOutput: true,
  source: 'OpenAI model pages (https://platform.openai.com/docs/models): text and image input, function calling, structured outputs',
};

const LLAMA_32_CARD = 'Meta, Llama 3.2 model card (https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/MODEL_CARD.md)';
const GEMMA_3_CARD = 'Google, Gemma 3 model card, pre-trained models (https://ai.google.dev/gemma/docs/core/model_card_3)';
const gemma3 = (mmlu: number, mmluPro: number, gpqa: number): PublishedBenchmark[] => [
  { benchmark: 'MMLU', score: mmlu, scale: 'percent', setting: '5-shot, pre-trained base model', source: GEMMA_3_CARD, date: '2025-03-12' },
  { benchmark: 'MMLU-Pro', score: mmluPro, scale: 'percent', setting: '5-shot, pre-trained base model', source: GEMMA_3_CARD, date: '2025-03-12' },
  { benchmark: 'GPQA', score: gpqa, scale: 'percent', setting: 'pre-trained base model', source: GEMMA_3_CARD, date: '2025-03-12' },
];
const GEMMA_3_CAPABILITIES: Capabilities = {
  inputModalities: ['text', 'image'],
  toolCalling: true,
  structuredOutput: null,
  source:
    'Gemma 3 model card (text and image input) and https://ai.google.dev/gemma/docs/capabilities/function-calling (function calling by prompting; no dedicated tool token)',
};

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
    benchmarks: openai41(90.2, 66.3, 87.4),
    capabilities: OPENAI_41_CAPABILITIES,
  },
  {
    id: 'gpt-4.1-mini', label: 'GPT-4.1 mini', organisation: 'OpenAI', endpoint: 'openai', upstreamModel: 'gpt-4.1-mini',
    pricing: { inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1 },
    contextWindow: 1_047_576, maxOutputTokens: 32_768, releaseDate: '2025-04-14', knowledgeCutoff: '2024-06',
    license: 'Proprietary', openWeights: false, source: OPENAI_41,
    benchmarks: openai41(87.5, 65.0, 84.1),
    publishedSpeed: [
      {
        outputTokensPerSecond: 77.2,
        ttftMs: 930,
        source: 'Artificial Analysis, GPT-4.1 mini API providers (https://artificialanalysis.ai/models/gpt-4-1-mini/providers)',
        date: null,
        conditions: 'OpenAI API; median over the past 14 days; 10k-token input workload; the page gives no date',
      },
    ],
    capabilities: OPENAI_41_CAPABILITIES,
  },
  {
    id: 'gpt-4.1-nano', label: 'GPT-4.1 nano', organisation: 'OpenAI', endpoint: 'openai', upstreamModel: 'gpt-4.1-nano',
    pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4, cachedInputPerMTok: 0.025 },
    contextWindow: 1_047_576, maxOutputTokens: 32_768, releaseDate: '2025-04-14', knowledgeCutoff: '2024-06',
    license: 'Proprietary', openWeights: false, source: OPENAI_41,
    benchmarks: openai41(80.1, 50.3, 74.5),
    publishedSpeed: [
      {
        outputTokensPerSecond: 181,
        ttftMs: 630,
        source: 'BenchLM, LLM speed comparison, from Artificial Analysis data (https://benchlm.ai/llm-speed)',
        date: '2026-04-07',
        conditions: 'median output tokens/s and time to first answer chunk, as Artificial Analysis measures them on the maker\'s API',
      },
    ],
    capabilities: OPENAI_41_CAPABILITIES,
  },
  {
    id: 'claude-haiku-4.5', label: 'Claude Haiku 4.5', organisation: 'Anthropic', endpoint: 'anthropic', upstreamModel: 'claude-haiku-4-5',
    pricing: { inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1 },
    contextWindow: 200_000, maxOutputTokens: 64_000, releaseDate: '2025-10-15', knowledgeCutoff: '2025-02',
    license: 'Proprietary', openWeights: false,
    source: 'https://docs.anthropic.com/en/docs/about-claude/models/overview and https://www.anthropic.com/pricing',
    benchmarks: [
      {
        benchmark: 'SWE-bench Verified',
        score: 73.3,
        scale: 'percent',
        setting: 'average of 50 trials, 128K thinking budget',
        source: 'Anthropic, "Introducing Claude Haiku 4.5" (https://www.anthropic.com/news/claude-haiku-4-5)',
        date: '2025-10-15',
      },
    ],
    capabilities: {
      inputModalities: ['text', 'image'],
      toolCalling: true,
      structuredOutput: null,
      source: 'Anthropic models overview (https://docs.anthropic.com/en/docs/about-claude/models/overview): text and image input; tool use',
    },
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
    benchmarks: gemma3(78.6, 43.9, 24.3),
    referencePrices: [
      {
        provider: 'Venice AI',
        inputPerMTok: 0.12,
        outputPerMTok: 0.2,
        source: 'https://docs.venice.ai/models/google-gemma-3-27b-instruct',
        date: '2025-11-04',
        note: 'listed on Venice from this date',
      },
    ],
    capabilities: GEMMA_3_CAPABILITIES,
  },
  {
    id: 'gemma-3-4b', label: 'Gemma 3 4B', organisation: 'Google', endpoint: 'ollama', upstreamModel: 'gemma3:4b',
    pricing: SELF_HOSTED, contextWindow: 131_072, maxOutputTokens: 8_192, releaseDate: '2025-03-12', knowledgeCutoff: '2024-08',
    license: 'Gemma Terms of Use', openWeights: true, source: 'https://ai.google.dev/gemma/docs/core/model_card_3',
    details: { parameters: '4B', hosting: 'self-hosted (Ollama or any OpenAI-compatible server)' },
    benchmarks: gemma3(59.6, 23.7, 15.0),
    capabilities: GEMMA_3_CAPABILITIES,
  },
  {
    id: 'llama-3.2-3b-instruct', label: 'Llama 3.2 3B Instruct', organisation: 'Meta', endpoint: 'ollama', upstreamModel: 'llama3.2:3b',
    pricing: SELF_HOSTED, contextWindow: 131_072, maxOutputTokens: null, releaseDate: '2024-09-25', knowledgeCutoff: '2023-12',
    license: 'Llama 3.2 Community License', openWeights: true, source: 'https://huggingface.co/meta-llama/Llama-3.2-3B-Instruct (model card)',
    details: { parameters: '3.21B', hosting: 'self-hosted (Ollama or any OpenAI-compatible server)' },
    benchmarks: [
      { benchmark: 'MMLU', score: 63.4, scale: 'percent', setting: '5-shot, instruction-tuned', source: LLAMA_32_CARD, date: '2024-09-25' },
      { benchmark: 'GPQA', score: 32.8, scale: 'percent', setting: '0-shot, instruction-tuned', source: LLAMA_32_CARD, date: '2024-09-25' },
      { benchmark: 'IFEval', score: 77.4, scale: 'percent', setting: '0-shot, instruction-tuned', source: LLAMA_32_CARD, date: '2024-09-25' },
    ],
    referencePrices: [
      {
        provider: 'Cloudflare Workers AI',
        inputPerMTok: 0.051,
        outputPerMTok: 0.335,
        source: 'https://developers.cloudflare.com/workers-ai/platform/pricing/ (@cf/meta/llama-3.2-3b-instruct)',
        date: '2025-02-20',
        note: 'per-model token prices as published from this date; billed in neurons',
      },
    ],
    capabilities: {
      inputModalities: ['text'],
      toolCalling: true,
      structuredOutput: null,
      source:
        'Meta, Llama 3.2 model card (text in, text out) and prompt format (https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/text_prompt_format.md: zero-shot function calling)',
    },
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
