import type { ReactNode } from 'react';
import { type Block, type Inline, parseMarkdown } from '../../content/markdown';
import { useT } from '../../i18n';
import '../../i18n-content';

/**
 * The article preview: the Markdown tree as React elements. Everything the user typed becomes
 * text nodes (escaped by React); no HTML string is ever inserted. Headings are shifted below the
 * page's own (h1 → h3) so the page outline stays intact.
 */
export function MarkdownPreview({ source, lang }: { source: string; lang: string }) {
  const t = useT();
  const blocks = parseMarkdown(source);
  if (blocks.length === 0) return <p className="secondary-text">{t('content.article.previewEmpty')}</p>;
  return (
    <div className="markdown-preview" lang={lang}>
      {blocks.map((block, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a rendering of static text, rebuilt on every change
        <BlockView key={i} block={block} />
      ))}
    </div>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case 'heading':
    case 'paragraph': {
      // A heading of level n shows as h(n+2), below the page's own h1 and h2.
      const Tag =
        block.type === 'paragraph' ? 'p' : (`h${Math.min(6, block.level + 2)}` as 'h3' | 'h4' | 'h5' | 'h6');
      return (
        <Tag>
          <Inlines nodes={block.children} />
        </Tag>
      );
    }
    case 'list': {
      const items = block.items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static text
        <li key={i}>
          <Inlines nodes={item} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'quote':
      return (
        <blockquote>
          {block.children.map((child, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static text
            <BlockView key={i} block={child} />
          ))}
        </blockquote>
      );
    case 'code':
      return (
        <pre>
          <code>{block.text}</code>
        </pre>
      );
    case 'rule':
      return <hr />;
  }
}

function Inlines({ nodes }: { nodes: Inline[] }): ReactNode {
  return nodes.map((node, i) => (
    // biome-ignore lint/suspicious/noArrayIndexKey: static text
    <InlineView key={i} node={node} />
  ));
}

function InlineView({ node }: { node: Inline }) {
  const t = useT();
  switch (node.type) {
    case 'text':
      return node.text;
    case 'strong':
    case 'em': {
      const Tag = node.type;
      return (
        <Tag>
          <Inlines nodes={node.children} />
        </Tag>
      );
    }
    case 'code':
      return <code>{node.text}</code>;
    case 'link':
      return (
        <a href={node.href} target="_blank" rel="noopener noreferrer">
          <Inlines nodes={node.children} />
          <span className="visually-hidden">{t('content.article.newWindow')}</span>
        </a>
      );
    case 'image':
      return <span className="preview-image">{t('content.article.image', { alt: node.alt })}</span>;
    case 'break':
      return <br />;
  }
}
