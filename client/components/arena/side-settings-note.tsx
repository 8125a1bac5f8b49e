import type { SideSettings } from '../../../shared/protocol.ts';

/** A named battle's settings for one side, shown on its pane (the system prompt folds out). */
export function SideSettingsNote({ settings }: { settings: SideSettings | undefined }) {
  if (!settings) return null;
  const parts: string[] = [];
  if (settings.temperature !== undefined) parts.push(`temperature ${settings.temperature}`);
  if (settings.maxTokens !== undefined) parts.push(`max ${settings.maxTokens.toLocaleString('en-US')} tokens`);
  const system = settings.systemPrompt?.trim();
  if (parts.length === 0 && !system) return null;
  return (
    <div class="side-settings" data-testid="side-settings">
      {parts.length > 0 ? <span>{parts.join(' · ')}</span> : null}
      {system ? (
        <details>
          <summary>System prompt</summary>
          <p class="system-prompt">{system}</p>
        </details>
      ) : null}
    </div>
  );
}
