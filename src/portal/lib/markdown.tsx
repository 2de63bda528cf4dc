import { fromMarkdown } from 'mdast-util-from-markdown';
import { RichText, safeHref } from './rich-text';

/*
 * Members' Markdown (mandate reports) through the portal's safe rich-text renderer. A module
 * of its own so that pages showing admin-written rich text do not load the Markdown parser.
 */
type Inline = { type: 'text'; text: string; bold?: true; italic?: true; strikethrough?: true; code?: true } | { type: 'link'; url: string; children: Inline[] };
type Marks = { bold?: true; italic?: true; strikethrough?: true; code?: true };
// The mdast node shapes read here (mdast-util-from-markdown's output), kept local and loose.
type MdNode = { type: string; value?: string; url?: string; depth?: number; ordered?: boolean | null; alt?: string | null; children?: MdNode[] };

function inlines(nodes: MdNode[] = [], marks: Marks = {}): Inline[] {
  const out: Inline[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'html': // raw HTML is shown as the text it is, never interpreted
        out.push({ type: 'text', text: node.value ?? '', ...marks });
        break;
      case 'inlineCode':
        out.push({ type: 'text', text: node.value ?? '', ...marks, code: true });
        break;
      case 'strong':
        out.push(...inlines(node.children, { ...marks, bold: true }));
        break;
      case 'emphasis':
        out.push(...inlines(node.children, { ...marks, italic: true }));
        break;
      case 'delete':
        out.push(...inlines(node.children, { ...marks, strikethrough: true }));
        break;
      case 'break':
        out.push({ type: 'text', text: '\n', ...marks });
        break;
      case 'link': {
        const children = inlines(node.children, marks).filter((c): c is Extract<Inline, { type: 'text' }> => c.type === 'text');
        // An unsafe address becomes its text (the renderer filters links again).
        if (node.url && safeHref(node.url)) out.push({ type: 'link', url: node.url, children: children.length ? children : [{ type: 'text', text: node.url }] });
        else out.push(...children);
        break;
      }
      case 'image': // no remote image in a member's text: its description instead
        out.push({ type: 'text', text: node.alt ? `[image : ${node.alt}]` : '[image]', ...marks });
        break;
      default:
        out.push(...inlines(node.children, marks));
    }
  }
  return out.length ? out : [{ type: 'text', text: '' }];
}

const plainText = (node: MdNode): string => node.value ?? (node.children ?? []).map(plainText).join('');

function blocksOf(nodes: MdNode[] = []): unknown[] {
  const out: unknown[] = [];
  for (const node of nodes) {
    switch (node.type) {
      case 'heading':
        out.push({ type: 'heading', level: node.depth ?? 1, children: inlines(node.children) });
        break;
      case 'paragraph':
        out.push({ type: 'paragraph', children: inlines(node.children) });
        break;
      case 'blockquote':
        out.push({ type: 'quote', children: inlines((node.children ?? []).flatMap((c) => (c.type === 'paragraph' ? [...(c.children ?? []), { type: 'break' }] : [c])).slice(0, -1)) });
        break;
      case 'list':
        out.push({
          type: 'list',
          format: node.ordered ? 'ordered' : 'unordered',
          children: (node.children ?? []).map((item) => ({
            type: 'list-item',
            children: inlines((item.children ?? []).flatMap((c) => (c.type === 'paragraph' ? c.children ?? [] : c.type === 'list' ? [{ type: 'text', value: ` — ${plainText(c)}` }] : [c]))),
          })),
        });
        break;
      case 'code':
        out.push({ type: 'code', children: [{ type: 'text', text: node.value ?? '' }] });
        break;
      case 'thematicBreak':
        break;
      default: // html blocks, tables…: their text, as a paragraph
        out.push({ type: 'paragraph', children: [{ type: 'text', text: plainText(node) }] });
    }
  }
  return out;
}

/**
 * Markdown written by a member (a mandate report), turned into the blocks `RichText` renders:
 * headings, paragraphs, bold, italics, code, lists, quotes and links (the web, e-mail, this
 * site). Raw HTML stays text, images become their description: nothing is ever injected.
 */
export function markdownToBlocks(text: string): unknown[] {
  return blocksOf((fromMarkdown(text) as unknown as MdNode).children);
}

/** A member's Markdown, rendered safely (`markdownToBlocks` then `RichText`). */
export function Markdown({ text }: { text: string }) {
  return <RichText content={markdownToBlocks(text)} />;
}
