import { describe, expect, it } from 'vitest';
import { isSafeHref, parseInline, parseMarkdown } from './markdown';

describe('parseMarkdown', () => {
  it('reads headings, paragraphs and lists', () => {
    expect(
      parseMarkdown('# 春の特集\n\n桜の名所を\n紹介します。\n\n- 清水寺\n- 円山公園\n\n1. 朝\n2. 昼'),
    ).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: '春の特集' }] },
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: '桜の名所を' },
          { type: 'break' },
          { type: 'text', text: '紹介します。' },
        ],
      },
      {
        type: 'list',
        ordered: false,
        items: [[{ type: 'text', text: '清水寺' }], [{ type: 'text', text: '円山公園' }]],
      },
      {
        type: 'list',
        ordered: true,
        items: [[{ type: 'text', text: '朝' }], [{ type: 'text', text: '昼' }]],
      },
    ]);
  });

  it('reads quotes, code blocks and rules', () => {
    expect(parseMarkdown('> 引用\n\n```\n<b>そのまま</b>\n```\n\n---')).toEqual([
      { type: 'quote', children: [{ type: 'paragraph', children: [{ type: 'text', text: '引用' }] }] },
      { type: 'code', text: '<b>そのまま</b>' },
      { type: 'rule' },
    ]);
  });

  it('keeps HTML as text', () => {
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '<script>alert(1)</script>' }] },
    ]);
  });
});

describe('parseInline', () => {
  it('reads bold, italics, code spans and escapes', () => {
    expect(parseInline('**大** と *小* と `x` と \\*')).toEqual([
      { type: 'strong', children: [{ type: 'text', text: '大' }] },
      { type: 'text', text: ' と ' },
      { type: 'em', children: [{ type: 'text', text: '小' }] },
      { type: 'text', text: ' と ' },
      { type: 'code', text: 'x' },
      { type: 'text', text: ' と *' },
    ]);
  });

  it('keeps safe links and drops unsafe ones to their text', () => {
    expect(parseInline('[公式](https://example.jp)')).toEqual([
      { type: 'link', href: 'https://example.jp', children: [{ type: 'text', text: '公式' }] },
    ]);
    expect(parseInline('[罠](javascript:alert%281%29)')).toEqual([{ type: 'text', text: '罠' }]);
  });

  it('shows images by their alternative text only', () => {
    expect(parseInline('![五重塔](https://example.jp/a.jpg)')).toEqual([{ type: 'image', alt: '五重塔' }]);
  });
});

describe('isSafeHref', () => {
  it('allows web and mail addresses only', () => {
    expect(isSafeHref('https://example.jp/a')).toBe(true);
    expect(isSafeHref('mailto:info@example.jp')).toBe(true);
    expect(isSafeHref('javascript:alert(1)')).toBe(false);
    expect(isSafeHref('data:text/html,x')).toBe(false);
    expect(isSafeHref('//evil.example')).toBe(false);
  });
});
