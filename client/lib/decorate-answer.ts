/**
 * What the page adds to an answer's sanitised Markdown, built with DOM calls
 * (never from the answer's text): tables in a box that scrolls sideways, so
 * cells keep whole words; code blocks focusable (they scroll too) with a copy
 * button. The sanitiser forbids buttons in model output, so every
 * `.code-copy` here is the page's own.
 */
export function decorateAnswer(root: HTMLElement): void {
  for (const table of root.querySelectorAll('table')) {
    if (table.parentElement?.classList.contains('table-scroll')) continue;
    const box = document.createElement('div');
    box.className = 'table-scroll';
    box.tabIndex = 0;
    table.replaceWith(box);
    box.append(table);
  }
  for (const pre of root.querySelectorAll('pre')) {
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const block = document.createElement('div');
    block.className = 'code-block';
    const bar = document.createElement('div');
    bar.className = 'code-bar';
    const lang = /language-([\w+#-]+)/.exec(pre.querySelector('code')?.className ?? '')?.[1];
    const name = document.createElement('span');
    name.className = 'code-lang';
    name.textContent = lang ?? 'code';
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'btn btn-small code-copy';
    copy.textContent = 'Copy';
    copy.dataset.what = lang ? `${lang} code` : 'code';
    copy.setAttribute('aria-label', `Copy ${copy.dataset.what}`);
    bar.append(name, copy);
    pre.tabIndex = 0;
    pre.replaceWith(block);
    block.append(bar, pre);
  }
}
