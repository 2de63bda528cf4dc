/**
 * Grouping suggestions for N contributions (10,000 by default), written on ~40 themes by
 * the same generator as the Gard test: building the French-aware index, the suggested
 * groups over the whole set, and the nearest neighbours of one contribution. Baseline,
 * same run: nearest neighbours by comparing with every other contribution (no inverted
 * index), on the same sample; both must find the same best score. Quality: how often a group holds one theme.
 *
 *   npm run bench:grouping -- 10000
 */
import { performance } from 'node:perf_hooks';
import { SimilarityIndex } from '../plugins/consultations/server/src/domain/similarity';
import { contributionText, seeded, THEMES } from '../plugins/consultations/tests/support/gard-corpus';
import { fixed } from './support';

const [count = 10_000, sample = 200] = process.argv.slice(2).map(Number);
const random = seeded(2026);
const themeOf = new Map<number, number>();
const texts = Array.from({ length: count }, (_, id) => {
  const theme = Math.floor(random() * THEMES.length);
  themeOf.set(id, theme);
  const { title, body } = contributionText(THEMES[theme], random);
  return { id, title, body };
});
const time = <T>(run: () => T) => {
  const started = performance.now();
  const result = run();
  return { result, seconds: (performance.now() - started) / 1000 };
};

const built = time(() => new SimilarityIndex(texts));
const index = built.result;
const groups = time(() => index.groups({ threshold: 0.25 }));
const queries = Array.from({ length: sample }, (_, i) => Math.floor((i * count) / sample));
const fast = time(() => queries.map((id) => index.nearest(id, 5)));
// Baseline: the same cosine against every text (the inverted index only picks candidates).
const brute = time(() =>
  queries.map((id) =>
    texts
      .filter((t) => t.id !== id)
      .map((t) => ({ id: t.id, score: index.similarity(id, t.id) }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, 5)
  )
);
// Many generated texts are identical: compare the best score found, not which of the ties.
const agree = queries.filter((_, i) => Math.abs((fast.result[i][0]?.score ?? 0) - (brute.result[i][0]?.score ?? 0)) < 1e-9).length;
const grouped = groups.result.reduce((n, g) => n + g.ids.length, 0);
const pure = groups.result.filter((g) => new Set(g.ids.map((id) => themeOf.get(id))).size === 1).length;

console.log(`\nGrouping suggestions — ${fixed(count)} contributions, ${THEMES.length} themes (Node ${process.version})`);
console.log(`  French index (stemming, TF-IDF)       ${fixed(built.seconds, 2).padStart(6)} s`);
console.log(`  suggested groups over the whole set   ${fixed(groups.seconds, 2).padStart(6)} s   ${groups.result.length} groups, ${fixed((100 * grouped) / count)} % of contributions grouped, ${fixed((100 * pure) / groups.result.length)} % of groups on one theme`);
console.log(`  nearest 5, inverted index             ${fixed((1000 * fast.seconds) / sample, 2).padStart(6)} ms per contribution`);
console.log(`  nearest 5, compare with all (baseline) ${fixed((1000 * brute.seconds) / sample, 2).padStart(5)} ms per contribution`);
console.log(`  speed-up / same best score            ${fixed(brute.seconds / fast.seconds, 1).padStart(6)} × / ${agree} of ${sample}`);
