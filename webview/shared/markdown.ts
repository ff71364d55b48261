/**
 * The run note (`mlflow.note.content`) is Markdown from a server: rendered with markdown-it with
 * `html: false` (raw HTML in the note becomes text, so a `<script>` is shown, never run) and a
 * link check that lets only http(s) and mailto through. The result is parsed with DOMParser
 * (inert: scripts in it never run) and only then moved into the page.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
const SAFE_LINK = /^(https?:|mailto:)/i;
markdown.validateLink = (url: string) => SAFE_LINK.test(url.trim());

export function renderMarkdown(text: string): DocumentFragment {
  const html = markdown.render(text);
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  // Images would fetch from the network, which the CSP blocks anyway; show their alt text.
  for (const image of [...parsed.querySelectorAll('img')]) image.replaceWith(parsed.createTextNode(image.getAttribute('alt') ?? ''));
  for (const link of [...parsed.querySelectorAll('a')]) {
    link.setAttribute('rel', 'noreferrer noopener');
    link.setAttribute('title', link.getAttribute('href') ?? '');
  }
  const fragment = document.createDocumentFragment();
  for (const node of [...parsed.body.childNodes]) fragment.appendChild(document.importNode(node, true));
  return fragment;
}
