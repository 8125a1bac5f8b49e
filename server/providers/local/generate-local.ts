import { loadedLlamaModule } from './llama-module.ts';
import type { FinishReason, Usage } from '../../../shared/usage.ts';
import type { ChatRequest } from '../types.ts';
import { plainTextPrompt, toChatHistory } from './local-prompt.ts';
import { localSampling } from './local-sampling.ts';
import type { ContextLease } from './model-pool.ts';

export class PromptTooLongError extends Error {
  override name = 'PromptTooLongError';
}

export interface LocalGenerationResult {
  finishReason: FinishReason;
  usage: Usage;
}

type StopReason = 'eogToken' | 'stopGenerationTrigger' | 'customStopTrigger' | 'functionCalls' | 'maxTokens' | 'abort';

function toFinishReason(stop: StopReason, cappedByContext: boolean): FinishReason {
  switch (stop) {
    case 'maxTokens':
      return { unified: 'length', raw: cappedByContext ? 'maxTokens (context window full)' : 'maxTokens' };
    case 'functionCalls':
      return { unified: 'tool_calls', raw: stop };
    case 'abort':
      return { unified: 'other', raw: stop };
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return { unified: 'stop', raw: stop };
    default: {
      // Compile-time exhaustiveness only: a stop reason from a newer node-llama-cpp is a plain stop, not fatal.
      const _future: never = stop;
      return { unified: 'stop', raw: _future };
    }
  }
}

/** Prompt tokens as the generator will evaluate them: template applied, BOS included. */
function promptTokenCount(lease: ContextLease, req: ChatRequest): number {
  const { model, chatWrapper } = lease.loaded;
  if (chatWrapper) {
    const { contextText } = chatWrapper.generateContextState({
      chatHistory: [...toChatHistory(req.messages), { type: 'model', response: [] }],
    });
    return contextText.tokenize(model.tokenizer).length;
  }
  const bos = model.tokens.bos === null ? 0 : 1;
  return model.tokenize(plainTextPrompt(req.messages), false, 'trimLeadingSpace').length + bos;
}

/**
 * Runs one request on a leased context. The output budget is capped to what
 * the context has left after the prompt, so a small model (stories260K holds
 * 512 tokens) stops with `length` instead of silently shifting its context.
 * Throws on failure and on abort; the adapter turns both into events.
 */
export async function generateLocal(
  lease: ContextLease,
  req: ChatRequest,
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<LocalGenerationResult> {
  const { loaded, sequence } = lease;
  const promptTokens = promptTokenCount(lease, req);
  // One cell stays free: llama.cpp shifts the context when the last one fills.
  const room = loaded.contextSize - promptTokens - 1;
  if (room < 1) {
    throw new PromptTooLongError(
      `The prompt is ${promptTokens} tokens; this model's context holds ${loaded.contextSize} tokens, with none left for an answer`,
    );
  }
  const requested = req.sampling.maxTokens;
  const maxTokens = requested === undefined ? room : Math.min(requested, room);
  const cappedByContext = requested === undefined || requested > room;

  const before = sequence.tokenMeter.getState();
  const common = {
    ...localSampling(req.sampling),
    maxTokens,
    signal,
    onTextChunk: onText,
  };

  const { LlamaChat, LlamaCompletion } = loadedLlamaModule();
  let stopReason: StopReason;
  if (loaded.chatWrapper) {
    const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: loaded.chatWrapper, autoDisposeSequence: false });
    try {
      const res = await chat.generateResponse(toChatHistory(req.messages), common);
      stopReason = res.metadata.stopReason;
    } finally {
      chat.dispose({ disposeSequence: false });
    }
  } else {
    const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      const res = await completion.generateCompletionWithMeta(plainTextPrompt(req.messages), { ...common, disableContextShift: true });
      stopReason = res.metadata.stopReason;
    } finally {
      completion.dispose({ disposeSequence: false });
    }
  }
  signal.throwIfAborted();

  const after = sequence.tokenMeter.getState();
  return {
    finishReason: toFinishReason(stopReason, cappedByContext),
    usage: {
      inputTokens: after.usedInputTokens - before.usedInputTokens,
      outputTokens: after.usedOutputTokens - before.usedOutputTokens,
    },
  };
}
