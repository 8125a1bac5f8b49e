import type { SetupGuide } from '../../shared/api.ts';
import { CopyButton } from './copy-button.tsx';

/**
 * What to do when a battle cannot run yet: the server's steps, each with
 * commands to copy. The page refetches the models whenever the server says
 * they changed, so this panel goes away by itself once two models are up.
 */
export function SetupPanel({ guide }: { guide: SetupGuide }) {
  return (
    <section class="setup-panel" aria-labelledby="setup-title" data-testid="setup-panel">
      <h2 id="setup-title">Add models to start</h2>
      <p>{guide.summary}</p>
      <ol class="setup-steps">
        {guide.steps.map((step) => (
          <li key={step.title}>
            <h3>
              {step.title}{' '}
              <span class={step.live ? 'badge badge-ok' : 'badge badge-off'}>{step.live ? 'found while running' : 'needs a restart'}</span>
            </h3>
            <p>{step.text}</p>
            {step.commands.map((c) => (
              <div key={c} class="setup-command">
                <code tabIndex={0}>{c}</code>
                <CopyButton text={() => c} what={`command: ${c}`} />
              </div>
            ))}
          </li>
        ))}
      </ol>
      <p class="hint" role="status">
        This page updates by itself when a model becomes available.
      </p>
    </section>
  );
}
