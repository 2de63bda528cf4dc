import { BlocksRenderer, type BlocksContent } from '@strapi/blocks-react-renderer';

/** Links go only where a member may safely go: the web, e-mail, or a page of this site. */
export function safeHref(url: string): string | undefined {
  if (/^(https?:|mailto:)/i.test(url) || /^\/(?!\/)/.test(url)) return url;
  return undefined;
}

/**
 * Rich text written in the admin panel (Strapi "blocks"), rendered as React elements by
 * Strapi's own renderer: no HTML string is ever injected, links are filtered (no javascript:).
 */
export function RichText({ content }: { content: unknown }) {
  if (!Array.isArray(content) || content.length === 0) return null;
  return (
    <div className="rich-text">
      <BlocksRenderer
        content={content as BlocksContent}
        blocks={{
          link: ({ children, url }) => {
            const href = safeHref(url);
            return href ? <a href={href} rel="noopener noreferrer">{children}</a> : <span>{children}</span>;
          },
          // Headings written in the editor start at level 2: the page title is the only h1.
          heading: ({ children, level }) => {
            const Tag = (`h${Math.min(6, Math.max(2, level + 1))}`) as 'h2';
            return <Tag>{children}</Tag>;
          },
          image: ({ image }) => <img src={image.url} alt={image.alternativeText ?? ''} width={image.width} height={image.height} loading="lazy" />,
        }}
      />
    </div>
  );
}

