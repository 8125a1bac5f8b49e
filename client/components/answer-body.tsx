import { effect, useComputed, useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { SideState } from '../lib/arena-state.ts';
import { copyText } from '../lib/copy-text.ts';
import { decorateAnswer } from '../lib/decorate-answer.ts';
import { highlightSoon } from '../lib/highlight-loader.ts';
import { stableMarkdownEnd } from '../lib/markdown-boundary.ts';
import { loadMarkdown, markdownRenderer } from '../lib/markdown-loader.ts';
import { isPlainText, provisionalMarkdown } from '../lib/provisional-markdown.ts';

/** Shortest gap between two Markdown renders of a streaming answer. */
const MIN_RENDER_GAP_MS = 100;
/** Keep Markdown work under ~1/8 of the main thread however long the answer grows. */
const RENDER_COST_FACTOR = 8;

const isRunning = (p: string) => p === 'waiting' || p === 'streaming';

/** Where text appended to a rendered block belongs: its last element, skipping trailing whitespace. */
function lastLeaf(root: Element): Element {
  let el = root;
  for (;;) {
    let child = el.lastChild;
    while (child && child.nodeType === Node.TEXT_NODE && !child.textContent!.trim()) child = child.previousSibling;
    if (!(child instanceof Element) || child.tagName === 'BR' || child.tagName === 'HR') return el;
    el = child;
  }
}

/**
 * One answer, in three layers:
 * - `.md`: sanitised Markdown of the completed blocks (up to the last blank
 *   line, heading or closed fence outside a code block), with highlighted,
 *   copyable code and sideways-scrolling tables;
 * - `.md-tail`: the block still being written, rendered provisionally (open
 *   fences and emphasis closed, see provisional-markdown.ts);
 * - the live text node: what arrived since the last render, placed at the
 *   end of that block. Tokens that cannot change the block's structure
 *   (letters, digits, spaces) only append to this one text node, driven by a
 *   computed signal; anything else schedules a render.
 * Renders happen at most every ~100 ms while streaming (slower if they get
 * costly), and once more, whole, when the side ends. Until the Markdown chunk
 * has loaded, the whole answer is the live text.
 *
 * The two Markdown layers are filled by hand (innerHTML of sanitised HTML);
 * Preact renders neither's children, so moving the live node into the
 * provisional block never fights a re-render.
 */
export function AnswerBody({ side }: { side: SideState }) {
  const mdRef = useRef<HTMLDivElement>(null);
  const tailRef = useRef<HTMLDivElement>(null);
  /** Where the live text starts: the end of what the Markdown layers show. */
  const liveFrom = useSignal(0);
  const live = useComputed(() => side.text.value.slice(liveFrom.value));

  useEffect(() => {
    const md = mdRef.current;
    const tail = tailRef.current;
    if (!md || !tail) return;
    const liveNode = document.createTextNode('');
    const liveSpan = document.createElement('span');
    liveSpan.className = 'tail';
    liveSpan.append(liveNode);
    tail.replaceChildren(liveSpan);
    let stableEnd = 0;
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
      const running = isRunning(side.phase.peek());
      const t0 = performance.now();
      const end = running ? stableMarkdownEnd(text) : text.length;
      if (end !== stableEnd || !running) {
        md.innerHTML = renderMarkdown(text.slice(0, end));
        decorateAnswer(md);
        highlightSoon(md);
        stableEnd = end;
      }
      // The block being written: leading newlines are the blank line the stable part ended on; trailing
      // whitespace stays live, so a word typed after it is not glued to the one before.
      const rest = text.slice(end);
      const from = end + (rest.length - rest.replace(/^\n+/, '').length);
      const body = text.slice(from).trimEnd();
      if (running && body !== '' && !isPlainText(body)) {
        tail.innerHTML = renderMarkdown(provisionalMarkdown(body));
        decorateAnswer(tail);
        const leaf = lastLeaf(tail);
        // A code block's text ends with a newline the live text would otherwise sit under.
        const last = leaf.lastChild;
        if (leaf.tagName === 'CODE' && last?.nodeType === Node.TEXT_NODE) last.textContent = last.textContent!.replace(/\n$/, '');
        leaf.append(liveSpan);
        liveFrom.value = from + body.length;
      } else {
        if (liveSpan.parentNode !== tail || tail.childNodes.length !== 1) tail.replaceChildren(liveSpan);
        liveFrom.value = from;
      }
      gap = Math.max(MIN_RENDER_GAP_MS, (performance.now() - t0) * RENDER_COST_FACTOR);
    };

    const disposeText = effect(() => {
      // Each token lands here: one text node's data, no component render.
      liveNode.data = live.value;
    });
    const disposeRender = effect(() => {
      const text = side.text.value;
      const phase = side.phase.value;
      if (text.length < stableEnd || text.length < liveFrom.peek()) {
        // A retry started the answer over.
        md.replaceChildren();
        tail.replaceChildren(liveSpan);
        stableEnd = 0;
        liveFrom.value = 0;
      }
      if (!isRunning(phase)) {
        if (text.length !== stableEnd || liveFrom.peek() < text.length || tail.childNodes.length !== 1) render();
        return;
      }
      if (timer === null && !isPlainText(text.slice(liveFrom.peek()))) timer = setTimeout(render, gap);
    });
    return () => {
      disposed = true;
      disposeText();
      disposeRender();
      if (timer !== null) clearTimeout(timer);
    };
  }, [side]);

  // Code copy buttons are the page's own (decorate-answer.ts); one listener serves them all.
  const onClick = (e: JSX.TargetedMouseEvent<HTMLDivElement>) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('.code-copy');
    const code = button?.closest('.code-block')?.querySelector('pre');
    if (!button || !code) return;
    // The visible word starts the accessible name, as on every copy button.
    const say = (word: string) => {
      button.textContent = word;
      button.setAttribute('aria-label', `${word} ${button.dataset.what ?? 'code'}`);
    };
    void copyText(code.textContent ?? '').then((ok) => {
      say(ok ? 'Copied' : 'Copy failed');
      setTimeout(() => say('Copy'), 1600);
    });
  };

  return (
    <div class="answer-body" onClick={onClick}>
      <div class="md" ref={mdRef} />
      <div class="md-tail" ref={tailRef} />
    </div>
  );
}
