import { effect, useComputed, useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { SideState } from '../lib/arena-state.ts';
import { stableMarkdownEnd } from '../lib/markdown-boundary.ts';
import { loadMarkdown, markdownRenderer } from '../lib/markdown-loader.ts';

/** Shortest gap between two Markdown renders of a streaming answer. */
const MIN_RENDER_GAP_MS = 100;
/** Keep Markdown work under ~1/8 of the main thread however long the answer grows. */
const RENDER_COST_FACTOR = 8;

const isRunning = (p: string) => p === 'waiting' || p === 'streaming';

/**
 * One answer. Two layers:
 * - `.md`: sanitised Markdown of the answer's completed blocks (up to the
 *   last blank line outside a code fence); re-rendered at most every ~100 ms
 *   while streaming (slower if rendering gets costly), only when a block was
 *   completed, and once more, whole, the moment the side ends;
 * - `.tail`: the raw text after that, the block being written, bound to a
 *   computed signal: each token updates this one text node and re-renders no
 *   component.
 * So tokens show the moment they arrive, finished paragraphs, lists, tables
 * and code blocks appear formatted a few times a second, and a half-written
 * block never flashes as a broken one. (Until the Markdown chunk has loaded the
 * whole answer is the raw tail.)
 */
export function AnswerBody({ side }: { side: SideState }) {
  const mdRef = useRef<HTMLDivElement>(null);
  const renderedLength = useSignal(0);
  // Leading newlines are the blank line the Markdown part ended on.
  const tail = useComputed(() => side.text.value.slice(renderedLength.value).replace(/^\n+/, ''));

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
      const end = isRunning(side.phase.peek()) ? stableMarkdownEnd(text) : text.length;
      if (end === renderedLength.peek()) return; // no block completed since the last render
      const t0 = performance.now();
      el.innerHTML = renderMarkdown(text.slice(0, end));
      gap = Math.max(MIN_RENDER_GAP_MS, (performance.now() - t0) * RENDER_COST_FACTOR);
      renderedLength.value = end;
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
