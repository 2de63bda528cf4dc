/** Plain text of a Strapi "blocks" rich-text value, for excerpts and search. */
export function blocksToText(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  const parts: string[] = [];
  const walk = (node: any) => {
    if (!node || typeof node !== 'object') return;
    if (typeof node.text === 'string') parts.push(node.text);
    if (Array.isArray(node.children)) {
      node.children.forEach(walk);
      if (node.type && node.type !== 'text' && node.type !== 'link') parts.push('\n');
    }
  };
  blocks.forEach(walk);
  return parts.join('').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** A French paragraph as blocks, for seeds and tests. */
export function paragraphs(...texts: string[]) {
  return texts.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));
}
