import { effect, useComputed, useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { SideState } from '../lib/arena-state.ts';
import { loadMarkdown, markdownRenderer } from '../lib/markdown-loader.ts';

/** Shortest gap between two Markdown renders of a streaming answer. */
const MIN_RENDER_GAP_MS = 100;
/** Keep Markdown work under ~1/8 of the main thread however long the answer grows. */
const RENDER_COST_FACTOR = 8;

const isRunning = (p: string) => p === 'waiting' || p === 'streaming';

/**
 * One answer. Two layers:
 * - `.md`: sanitised Markdown of the text as of the last render; re-rendered
 *   at most every ~100 ms while streaming (slower if rendering gets costly),
 *   and once more, at once, when the side ends;
 * - `.tail`: the raw text streamed since that render, bound to a computed
 *   signal: each token updates this one text node and re-renders no component.
 * So tokens show the moment they arrive, and code blocks, lists and tables
 * take shape a few times a second. (Until the Markdown chunk has loaded the
 * whole answer is the raw tail.)
 */
export function AnswerBody({ side }: { side: SideState }) {
  const mdRef = useRef<HTMLDivElement>(null);
  const renderedLength = useSignal(0);
  const tail = useComputed(() => side.text.value.slice(renderedLength.value));

  useEffect(() => {
    const el = mdRef.current;
    if (!el) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let gap = MIN_RENDER_GAP_MS;

    let disposed = false;
    const render = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      const renderMarkdown = markdownRenderer();
      if (!renderMarkdown) {
        // Still loading: keep showing the raw text, render once it is here.
        loadMarkdown().then(
          () => !disposed && render(),
          () => {},
        );
        return;
      }
      const text = side.text.peek();
      const t0 = performance.now();
      el.innerHTML = renderMarkdown(text);
      gap = Math.max(MIN_RENDER_GAP_MS, (performance.now() - t0) * RENDER_COST_FACTOR);
      renderedLength.value = text.length;
    };

    const dispose = effect(() => {
      const text = side.text.value;
      const phase = side.phase.value;
      if (text.length === renderedLength.peek()) return;
      if (!isRunning(phase)) render();
      else if (timer === null) timer = setTimeout(render, gap);
    });
    return () => {
      disposed = true;
      dispose();
      if (timer !== null) clearTimeout(timer);
    };
  }, [side]);

  return (
    <div class="answer-body">
      <div class="md" ref={mdRef} />
      <span class="tail">{tail}</span>
    </div>
  );
}
