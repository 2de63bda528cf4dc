import type { Context } from 'koa';
/**
 * Files under /uploads are served by Strapi's static middleware from our own origin.
 * Whatever they contain, they must never run there: no scripts, no frames, no sniffing,
 * and anything but an image is downloaded rather than displayed.
 */
const INLINE = /\.(jpe?g|png|gif|webp)$/i;

export default () => async (ctx: Context, next: () => Promise<void>) => {
  if (ctx.path.startsWith('/uploads/')) {
    ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (!INLINE.test(ctx.path)) ctx.set('Content-Disposition', 'attachment');
  }
  await next();
};
