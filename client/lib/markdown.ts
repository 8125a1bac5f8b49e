import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html({ text, block }: Tokens.HTML | Tokens.Tag): string {
      const escaped = escapeHtml(text);
      return block === true ? `<p class="raw-html">${escaped}</p>` : escaped;
    },
    image({ href, text }: Tokens.Image): string {
      const label = escapeHtml(text || href);
      return `<a href="${escapeHtml(href)}" class="image-link">[image: ${label}]</a>`;
    },
  },
});

let purifierReady = false;
function purifier() {
  if (!purifierReady) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.nodeName === 'A') {
        const href = node.getAttribute('href');
        if (href !== null && !/^(https?:|mailto:|#)/i.test(href.trim())) node.removeAttribute('href');
        if (node.hasAttribute('href') && !href!.trim().startsWith('#')) {
          node.setAttribute('target', '_blank');
          node.setAttribute('rel', 'noopener noreferrer');
        }
      }
    });
    purifierReady = true;
  }
  return DOMPurify;
}

const SANITIZE = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'img', 'form', 'button', 'textarea', 'select', 'iframe', 'video', 'audio', 'source', 'picture'],
  FORBID_ATTR: ['style', 'srcset', 'formaction'],
  ALLOW_DATA_ATTR: false,
};

/**
 * Markdown → sanitised HTML string, safe to assign to innerHTML.
 *
 * Model output is untrusted. It goes through two independent layers:
 * 1. marked renders Markdown, with raw HTML *escaped* (a model writing
 *    `<img onerror=…>` is shown the text it wrote, as a person expects from a
 *    chat answer) and images turned into plain links (nothing is fetched:
 *    no tracking pixels, no exfiltration through image URLs);
 * 2. DOMPurify sanitises the HTML marked produced (defence in depth against a
 *    marked bug): scripts, event handlers, `javascript:`/`data:` links and
 *    styles are removed, and every link opens in a new tab with
 *    rel="noopener noreferrer".
 */
export function renderMarkdown(src: string): string {
  const html = marked.parse(src, { async: false });
  return purifier().sanitize(html, SANITIZE);
}
