export default ({ strapi }: { strapi: any }) => ({ async seed(_people: unknown): Promise<void> { void strapi; } });
