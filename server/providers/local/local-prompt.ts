import type { ChatHistoryItem } from 'node-llama-cpp';
import type { ChatMessage } from '../types.ts';

/**
 * A model without a chat template is a text continuer: it gets the messages'
 * text with no role labels it was never trained on, and carries on from there.
 */
export function plainTextPrompt(messages: ChatMessage[]): string {
  return messages.map((m) => m.content).join('\n\n');
}

export function toChatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem => {
    switch (m.role) {
      case 'system':
        return { type: 'system', text: m.content };
      case 'user':
        return { type: 'user', text: m.content };
      case 'assistant':
        return { type: 'model', response: [m.content] };
    }
  });
}
