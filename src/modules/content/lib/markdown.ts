/**
 * Feature-article Markdown to HTML that is safe to put on the public site. Two layers:
 * markdown-it with raw HTML off (so typed tags are shown as text), then sanitize-html with an
 * allow-list, so a bug or future option in the first layer cannot let markup through.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt({
  html: false,
  // Staff write one line per sentence; a single line break should show as one.
  breaks: true,
  linkify: true,
  typographer: false,
});

// Only these survive; the check runs on the decoded attribute value, so entity or case tricks
// (jav&#x09;ascript:, JaVaScRiPt:) do not start with an allowed scheme and are dropped.
const LINK_HREF = /^(https?:\/\/|mailto:)/i;
// Images: https, or a path on our own site. Protocol-relative (//host) is not "relative".
const IMAGE_SRC = /^(https:\/\/|\/(?!\/)|\.{0,2}\/?[a-z0-9_-][^:]*$)/i;

/** The tags an article may keep (h1 becomes h2); the XSS test checks every output against it. */
export const ALLOWED_TAGS: readonly string[] = [
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'em',
  'strong',
  's',
  'blockquote',
  'code',
  'pre',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

/** The attributes each allowed tag may keep; every other attribute is dropped. */
export const ALLOWED_ATTRIBUTES: Readonly<Record<string, string[]>> = {
  a: ['href', 'rel'],
  img: ['src', 'alt'],
  ol: ['start'],
  code: ['class'],
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: { ...ALLOWED_ATTRIBUTES },
  allowedClasses: { code: [/^language-[a-z0-9_+-]+$/] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // The page's h1 is the article title (JIS X 8341-3: one h1 per page).
    h1: 'h2',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const kept: sanitizeHtml.Attributes = LINK_HREF.test(href) ? { href, rel: 'noopener noreferrer' } : {};
      return { tagName, attribs: kept };
    },
    img: (tagName, attribs) => {
      const src = attribs.src ?? '';
      const kept: sanitizeHtml.Attributes = IMAGE_SRC.test(src) ? { src, alt: attribs.alt ?? '' } : {};
      return { tagName, attribs: kept };
    },
  },
  // A link whose address was dropped keeps its text; an image without a source disappears.
  exclusiveFilter: (frame) => {
    if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
    return frame.tag === 'img' && !frame.attribs.src;
  },
};

/** The allow-list on its own: the second layer, exported so it can be tested against raw HTML. */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Render an article body. Raw HTML in the Markdown is shown as text, never interpreted. */
export function renderArticleMarkdown(md: string): string {
  return sanitizeArticleHtml(markdown.render(md));
}
