/**
 * Grouping suggestions: quality on a labelled set written the way members write, and speed
 * at 10,000 contributions.
 *
 * 1. Labelled set (`GROUPING_LABELLED`, default `../shared/data/consultation-contributions.fr.json`
 *    beside the repository; skipped with a message when absent): pairwise precision / recall /
 *    F1 of `groups()` at its default threshold and at the best threshold 0.10–0.40, the
 *    same-theme share of the 5 nearest, the off-topic contributions kept out of every group —
 *    step by step (words only, + concepts named, + LSA as before, + the concept space) and beside a textbook baseline computed in
 *    the same run (TF-IDF of Snowball stems, cosine, exact average linkage, its best threshold).
 *    Then learning from staff, simulated: with the proposals' titles only (the themes' titles
 *    stand for the titles staff write), after 2 placed contributions per theme, after 25 % and
 *    50 % placed (each with and without the titles), the « add to proposal » top-1 accuracy on
 *    the rest, the off-topic left unassigned, and the pairwise F1 of the remaining suggestions.
 * 2. Speed: 10,000 contributions on ~40 themes from the Gard test's generator: building the
 *    index, the suggested groups, the nearest 5, learning from one staff decision.
 * The labelled file is measurement data: nothing here reads an individual contribution.
 *
 *   npm run bench:grouping -- 10000
 *   npm run bench:grouping -- --quality        (the labelled set only)
 *   GROUPING_LABELLED=/path/to/file.json npm run bench:grouping
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { frenchTerms as textbookTerms } from '@intranet-militant/shared';
import { embeddingInput, embeddingProviderFromEnv } from '../plugins/consultations/server/src/domain/embeddings';
import { PlacementModel, type ProposalText } from '../plugins/consultations/server/src/domain/placement';
import { DEFAULT_GROUP_THRESHOLD, SimilarityIndex, type IndexOptions, type Text } from '../plugins/consultations/server/src/domain/similarity';
import { contributionText, seeded, THEMES } from '../plugins/consultations/tests/support/gard-corpus';
import { fixed } from './support';
import { readBenchArgs } from './args';
import { BENCHES } from './commands';

/** `--quality`: the labelled set only (no speed part). */
const {
  positionals: [count],
  values: { quality: qualityOnly },
} = readBenchArgs(BENCHES.grouping.args) as { positionals: number[]; values: { quality?: boolean } };
/** Wall time, and this process's CPU time (what the machine's other jobs do not inflate as much: 2 shared cores). */
const time = <T>(run: () => T) => {
  const [started, cpu] = [performance.now(), process.cpuUsage()];
  const result = run();
  const used = process.cpuUsage(cpu);
  return { result, seconds: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
};
const pct = (x: number) => `${fixed(100 * x)} %`;
const f2 = (x: number) => fixed(x, 2);
const goal = (ok: boolean) => (ok ? '✓' : '✗');

// ————— measures —————

interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

/** Pairwise precision / recall / F1 of a clustering against themes (theme 0 = off-topic: no true pair). */
function pairwise(clusterOf: Map<number, number | string>, themeOf: Map<number, number>, counted?: (a: number, b: number) => boolean): Scores {
  const ids = [...themeOf.keys()];
  let [tp, predicted, truth] = [0, 0, 0];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const [a, b] = [ids[i], ids[j]];
      if (counted && !counted(a, b)) continue;
      const same = themeOf.get(a)! !== 0 && themeOf.get(a) === themeOf.get(b);
      const together = clusterOf.has(a) && clusterOf.get(a) === clusterOf.get(b);
      if (same) truth++;
      if (together) predicted++;
      if (same && together) tp++;
    }
  }
  const precision = predicted ? tp / predicted : 0;
  const recall = truth ? tp / truth : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const clusterMap = (groups: { ids: number[] }[]) => {
  const map = new Map<number, number>();
  groups.forEach((g, i) => g.ids.forEach((id) => map.set(id, i)));
  return map;
};

const THRESHOLDS = Array.from({ length: 16 }, (_, i) => Number((0.1 + i * 0.02).toFixed(2)));

function evaluate(groupsAt: (threshold: number) => { ids: number[] }[], nearest: (id: number) => number[], themeOf: Map<number, number>, defaultThreshold: number, thresholds = THRESHOLDS) {
  const atDefault = groupsAt(defaultThreshold);
  const scores = pairwise(clusterMap(atDefault), themeOf);
  let best = { threshold: 0, ...scores, f1: -1 };
  for (const threshold of thresholds) {
    const s = pairwise(clusterMap(groupsAt(threshold)), themeOf);
    if (s.f1 > best.f1) best = { threshold, ...s };
  }
  const themed = [...themeOf.keys()].filter((id) => themeOf.get(id) !== 0);
  const near = themed.reduce((s, id) => s + nearest(id).filter((o) => themeOf.get(o) === themeOf.get(id)).length / 5, 0) / themed.length;
  const offTopic = [...themeOf.keys()].filter((id) => themeOf.get(id) === 0);
  const grouped = clusterMap(atDefault);
  const apart = offTopic.length ? offTopic.filter((id) => !grouped.has(id)).length / offTopic.length : 1;
  return { scores, best, near, apart, groups: atDefault.length };
}

// ————— the textbook baseline: TF-IDF of stems, cosine, exact average linkage —————

function textbook(texts: Text[]) {
  const terms = texts.map((t) => textbookTerms(`${t.title} ${t.body}`).map((x) => x.key));
  const df = new Map<string, number>();
  for (const list of terms) for (const key of new Set(list)) df.set(key, (df.get(key) ?? 0) + 1);
  const vectors = terms.map((list) => {
    const tf = new Map<string, number>();
    for (const key of list) tf.set(key, (tf.get(key) ?? 0) + 1);
    const v = new Map([...tf].map(([key, n]) => [key, n * Math.log(texts.length / df.get(key)!)]));
    const norm = Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0)) || 1;
    for (const [key, w] of v) v.set(key, w / norm);
    return v;
  });
  const n = texts.length;
  const sim = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (const [key, w] of vectors[i]) s += w * (vectors[j].get(key) ?? 0);
      return s;
    })
  );
  const groupsAt = (threshold: number) => {
    let clusters = texts.map((_, i) => [i]);
    // Exact UPGMA: merge the two clusters of highest mean pairwise similarity while it reaches the threshold.
    for (;;) {
      let best = { score: -1, a: -1, b: -1 };
      for (let a = 0; a < clusters.length; a++) {
        for (let b = a + 1; b < clusters.length; b++) {
          let s = 0;
          for (const i of clusters[a]) for (const j of clusters[b]) s += sim[i][j];
          s /= clusters[a].length * clusters[b].length;
          if (s > best.score) best = { score: s, a, b };
        }
      }
      if (best.score < threshold) break;
      clusters[best.a] = [...clusters[best.a], ...clusters[best.b]];
      clusters = clusters.filter((_, i) => i !== best.b);
    }
    return clusters.filter((c) => c.length >= 2).map((c) => ({ ids: c.map((i) => texts[i].id) }));
  };
  const nearest = (id: number) => {
    const i = texts.findIndex((t) => t.id === id);
    return sim[i]
      .map((s, j) => [j, s] as const)
      .filter(([j]) => j !== i)
      .sort((x, y) => y[1] - x[1])
      .slice(0, 5)
      .map(([j]) => texts[j].id);
  };
  return { groupsAt, nearest };
}

// ————— learning from staff, simulated —————

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function simulate(index: SimilarityIndex, themeOf: Map<number, number>, placedIds: number[], threshold: number, proposals: ProposalText[] = []) {
  // Staff place themed contributions into their theme's proposal; off-topic ones they set aside.
  const placed = placedIds.filter((id) => themeOf.get(id) !== 0);
  const set = new Set(placedIds);
  const rest = [...themeOf.keys()].filter((id) => !set.has(id));
  const model = new PlacementModel(
    index,
    placed.map((id) => ({ id, proposal: String(themeOf.get(id)) })),
    { candidates: rest, threshold, proposals }
  );
  const known = new Set([...placed.map((id) => String(themeOf.get(id))), ...proposals.map((p) => p.proposal)]);
  const suggestion = new Map(rest.map((id) => [id, model.suggest(id)]));
  const themedRest = rest.filter((id) => known.has(String(themeOf.get(id))));
  const correct = themedRest.filter((id) => suggestion.get(id)?.proposal === String(themeOf.get(id))).length;
  const offTopic = rest.filter((id) => themeOf.get(id) === 0);
  const offApart = offTopic.filter((id) => !suggestion.get(id)).length;
  // Staff reject each wrong suggestion once: is the next one right?
  const wrong = themedRest.filter((id) => suggestion.get(id) && suggestion.get(id)!.proposal !== String(themeOf.get(id)));
  for (const id of wrong) model.reject(id, suggestion.get(id)!.proposal);
  const second = wrong.filter((id) => model.suggest(id)?.proposal === String(themeOf.get(id))).length;
  // Pairwise F1 of the remaining suggestions: the final clustering, pairs with one contribution or more of the rest.
  const cluster = new Map<number, string>();
  for (const id of placed) cluster.set(id, String(themeOf.get(id)));
  for (const id of rest) if (suggestion.get(id)) cluster.set(id, suggestion.get(id)!.proposal);
  const restSet = new Set(rest);
  const scores = pairwise(cluster, themeOf, (a, b) => restSet.has(a) || restSet.has(b));
  const confident = rest.map((id) => suggestion.get(id)).filter((s) => s && s.confidence >= 0.75);
  const confidentRight = confident.filter((s) => s!.proposal === String(themeOf.get(s!.id))).length;
  // Reliability of the confidence over every suggestion: its mean against the share right, and
  // the expected calibration error (5 equal-width bins, weighted by their share of suggestions).
  const made = rest.map((id) => suggestion.get(id)).filter((s): s is NonNullable<typeof s> => !!s);
  const right = (s: (typeof made)[number]) => s.proposal === String(themeOf.get(s.id));
  const bins = Array.from({ length: 5 }, () => ({ n: 0, confidence: 0, right: 0 }));
  for (const s of made) {
    const bin = bins[Math.min(4, Math.floor(s.confidence * 5))];
    bin.n++;
    bin.confidence += s.confidence;
    bin.right += right(s) ? 1 : 0;
  }
  const ece = made.length ? bins.reduce((sum, b) => sum + (b.n ? Math.abs(b.confidence - b.right) : 0), 0) / made.length : 0;
  return {
    placed: placed.length,
    accuracy: themedRest.length ? correct / themedRest.length : 0,
    offApart: offTopic.length ? offApart / offTopic.length : 1,
    afterReject: wrong.length ? second / wrong.length : 1,
    f1: scores.f1,
    confident: confident.length ? confidentRight / confident.length : 0,
    confidentShare: confident.length / rest.length,
    meanConfidence: made.length ? made.reduce((sum, x) => sum + x.confidence, 0) / made.length : 0,
    rightShare: made.length ? made.filter(right).length / made.length : 0,
    ece,
    calibrated: made.some((x) => x.calibrated),
  };
}

// ————— 1. the labelled set —————

/** `shared/data/…` beside the repository, or beside any folder above it (a worktree lives deeper). */
function findLabelled(): string {
  const relative = path.join('shared', 'data', 'consultation-contributions.fr.json');
  for (let dir = path.resolve(__dirname, '..', '..'); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, relative))) return path.join(dir, relative);
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..', relative);
  }
}
async function main() {
  const labelledPath = process.env.GROUPING_LABELLED || findLabelled();
  const goals: string[] = [];
  if (!existsSync(labelledPath)) {
    console.log(`\nLabelled set not found (${labelledPath}): quality figures skipped. Set GROUPING_LABELLED to its path.`);
  } else {
    const data = JSON.parse(readFileSync(labelledPath, 'utf8')) as { themes: { id: number; title: string }[]; contributions: { id: number; theme: number; title: string; text: string }[] };
    const texts: Text[] = data.contributions.map((c) => ({ id: c.id, title: c.title, body: c.text }));
    const themeOf = new Map(data.contributions.map((c) => [c.id, c.theme]));
    const offTopicCount = data.contributions.filter((c) => c.theme === 0).length;
    console.log(`\nGrouping on the labelled set — ${texts.length} contributions, ${data.themes.length} themes + ${offTopicCount} off-topic (Node ${process.version})`);
    console.log(`  default threshold ${DEFAULT_GROUP_THRESHOLD}; best threshold searched over ${THRESHOLDS[0]}–${THRESHOLDS.at(-1)}`);
    console.log('');
    console.log('  method                                      P      R      F1   | best F1 (at)   | nearest-5 same theme | off-topic kept apart | groups');
    const row = (name: string, r: ReturnType<typeof evaluate>, hasDefault = true) =>
      console.log(
        `  ${name.padEnd(41)} ${hasDefault ? `${f2(r.scores.precision).padStart(5)}  ${f2(r.scores.recall).padStart(5)}  ${f2(r.scores.f1).padStart(5)}` : '    —      —      — '} | ${f2(r.best.f1)} (${fixed(r.best.threshold, 2)})    | ${pct(r.near).padStart(20)} | ${pct(r.apart).padStart(20)} | ${String(r.groups).padStart(6)}`
      );
    const base = textbook(texts);
    // The baseline's best threshold is searched lower too (0.02–0.40): its cosines are small.
    const baseline = evaluate(base.groupsAt, base.nearest, themeOf, DEFAULT_GROUP_THRESHOLD, [0.02, 0.04, 0.06, 0.08, ...THRESHOLDS]);
    row('textbook TF-IDF + stems, avg linkage', baseline, false);
    const steps: [string, IndexOptions][] = [
      ['words (normalised), no vocabulary', { vocabulary: { revision: 'none', concepts: [] }, latentShare: 0, conceptSpaceShare: 0, gramShare: 0 }],
      ['+ concepts named (vocabulary)', { latentShare: 0, conceptSpaceShare: 0, gramShare: 0 }],
      ['+ LSA ½ (the default before)', { latentShare: 0.5, conceptSpaceShare: 0 }],
      ['  concept space ½, no LSA (kept off)', { latentShare: 0, conceptSpaceShare: 0.5 }],
      // Measured and kept off, on top of the default:
      ['  character 4-grams (0.3; kept off)', { gramShare: 0.3 }],
      ['  concepts as a block of 0.3 (kept off)', { conceptShare: 0.3 }],
      ['  concepts\' IDF squared (kept off)', { conceptIdfPower: 2 }],
      ['  Robertson–Spärck Jones IDF (kept off)', { idf: 'rsj' }],
      ['  one-word concepts at ½ (kept off)', { singleWordConcept: 0.5 }],
      ['+ LSA ¼ + concept space ¼ (default)', {}],
    ];
    // The optional embedding provider, when GROUPING_EMBEDDINGS_URL is set: one more step, and the learning runs on it.
    const provider = embeddingProviderFromEnv();
    if (provider) {
      const started = performance.now();
      try {
        const vectors = await provider.embed(texts.map(embeddingInput));
        console.log(`  (embeddings: ${provider.model}, ${vectors[0]?.length ?? 0} dimensions, ${fixed((performance.now() - started) / 1000, 1)} s for ${texts.length} texts)`);
        steps.push([`+ embeddings (${provider.model})`.slice(0, 38), { embeddings: new Map(texts.map((t, i) => [t.id, vectors[i]])) }]);
      } catch (error) {
        console.log(`  (embeddings: ${provider.model} failed — ${(error as Error).message}; lexical only)`);
      }
    } else console.log('  (no embedding provider: set GROUPING_EMBEDDINGS_URL to measure one)');
    let final: ReturnType<typeof evaluate> | null = null;
    let index: SimilarityIndex | null = null;
    for (const [name, options] of steps) {
      const built = new SimilarityIndex(texts, options);
      const r = evaluate((threshold) => built.groups({ threshold }), (id) => built.nearest(id, 5, 0).map((n) => n.id), themeOf, DEFAULT_GROUP_THRESHOLD);
      row(name, r);
      [final, index] = [r, built];
    }

    // The proposals staff formed carry their titles: the themes' titles play that part (staff
    // write a proposal's title when they create it). « without titles »: the model before.
    const titles: ProposalText[] = data.themes.map((t) => ({ proposal: String(t.id), title: t.title }));
    console.log('\n  Learning from staff (proposals so far as labelled examples, with their titles unless said; off-topic set aside; seeded order)');
    console.log('  placed                      top-1 « add to proposal »   off-topic left unassigned   right after one reject   F1 of the rest   ≥ 0.75 confident: right (share)   mean confidence / right   calibration error');
    const random = seeded(14);
    const order = shuffle([...themeOf.keys()], random);
    const perTheme = new Map<number, number>();
    const twoPerTheme = order.filter((id) => {
      const theme = themeOf.get(id)!;
      if (theme === 0 || (perTheme.get(theme) ?? 0) >= 2) return false;
      perTheme.set(theme, (perTheme.get(theme) ?? 0) + 1);
      return true;
    });
    const runs: [string, number[], ProposalText[]][] = [
      ['titles only', [], titles],
      ['2 per theme', twoPerTheme, titles],
      ['  without titles', twoPerTheme, []],
      ['25 %', order.slice(0, Math.round(order.length * 0.25)), titles],
      ['  without titles', order.slice(0, Math.round(order.length * 0.25)), []],
      ['50 %', order.slice(0, Math.round(order.length * 0.5)), titles],
      ['  without titles', order.slice(0, Math.round(order.length * 0.5)), []],
    ];
    let learning: ReturnType<typeof simulate> | null = null;
    for (const [name, ids, proposals] of runs) {
      const r = simulate(index!, themeOf, ids, DEFAULT_GROUP_THRESHOLD, proposals);
      if (name === '2 per theme') learning = r;
      console.log(
        `  ${`${name} (${r.placed})`.padEnd(27)} ${pct(r.accuracy).padStart(25)}   ${pct(r.offApart).padStart(25)}   ${pct(r.afterReject).padStart(22)}   ${f2(r.f1).padStart(14)}   ${`${pct(r.confident)} (${pct(r.confidentShare)})`.padEnd(30)}   ${`${pct(r.meanConfidence)} / ${pct(r.rightShare)}`.padEnd(23)}   ${f2(r.ece)}${r.calibrated ? '' : ' (not calibrated: too few placed)'}`
      );
    }
    goals.push(
      `cold-start pairwise F1 ≥ 0.45: ${f2(final!.scores.f1)} at the default threshold, best ${f2(final!.best.f1)} (baseline best ${f2(baseline.best.f1)}) ${goal(final!.scores.f1 >= 0.45)}`,
      `nearest-5 same theme ≥ 50 %: ${pct(final!.near)} (baseline ${pct(baseline.near)}) ${goal(final!.near >= 0.5)}`,
      `after 2 placed per theme, top-1 ≥ 75 %: ${pct(learning!.accuracy)} ${goal(learning!.accuracy >= 0.75)}; off-topic left unassigned ≥ 50 %: ${pct(learning!.offApart)} ${goal(learning!.offApart >= 0.5)}`
    );
  }

  // ————— 2. speed at `count` contributions —————

  if (qualityOnly) {
    console.log('\nGoals (quality only: --quality)');
    for (const line of goals) console.log(`  ${line}`);
    return;
  }

  const random = seeded(2026);
  const texts = Array.from({ length: count }, (_, id) => {
    const { title, body } = contributionText(THEMES[Math.floor(random() * THEMES.length)], random);
    return { id, title, body };
  });
  const themeOf = new Map<number, number>();
  {
    const again = seeded(2026);
    for (let id = 0; id < count; id++) {
      const theme = Math.floor(again() * THEMES.length);
      themeOf.set(id, theme);
      contributionText(THEMES[theme], again);
    }
  }
  const built = time(() => new SimilarityIndex(texts));
  const index = built.result;
  const groups = time(() => index.groups());
  const sample = Array.from({ length: 200 }, (_, i) => Math.floor((i * count) / 200));
  const near = time(() => sample.map((id) => index.nearest(id, 5)));
  const grouped = groups.result.reduce((n, g) => n + g.ids.length, 0);
  const pure = groups.result.filter((g) => new Set(g.ids.map((id) => themeOf.get(id))).size === 1).length;
  // Learning: 2 placed per theme, the rest candidates; then one staff decision (place one more) and its refreshed suggestions.
  const firstTwo = new Map<number, number[]>();
  for (const [id, theme] of themeOf) if ((firstTwo.get(theme) ?? []).length < 2) firstTwo.set(theme, [...(firstTwo.get(theme) ?? []), id]);
  const placedIds = new Set([...firstTwo.values()].flat());
  const proposals = THEMES.map((theme, i) => ({ proposal: String(i), title: theme.titles[0] }));
  const model = time(() => new PlacementModel(index, [...placedIds].map((id) => ({ id, proposal: String(themeOf.get(id)) })), { candidates: texts.map((t) => t.id).filter((id) => !placedIds.has(id)), proposals }));
  const suggestions = time(() => model.result.suggestAll());
  const decisions = Array.from({ length: 20 }, (_, i) => texts[(i * 7919) % count].id).filter((id) => !placedIds.has(id));
  const decide = time(() => decisions.forEach((id) => model.result.place(id, String(themeOf.get(id)))));
  const perDecision = (1000 * decide.seconds) / decisions.length;
  const nearestMs = (1000 * near.seconds) / sample.length;

  console.log(`\nGrouping speed — ${fixed(count)} contributions, ${THEMES.length} themes (the Gard test's generator; ${os.cpus().length} cores, load average ${fixed(os.loadavg()[0], 1)})`);
  console.log(`  index (normalise, vocabulary, concepts, LSA)   ${fixed(built.seconds, 2).padStart(6)} s   (CPU ${fixed(built.cpu, 2)} s; once per consultation, then kept)`);
  console.log(`  suggested groups over the whole set           ${fixed(groups.seconds, 2).padStart(6)} s   (CPU ${fixed(groups.cpu, 2)} s) ${groups.result.length} groups, ${pct(grouped / count)} of contributions grouped, ${pct(pure / Math.max(1, groups.result.length))} of groups on one theme`);
  console.log(`  nearest 5 of one contribution                 ${fixed(nearestMs, 2).padStart(6)} ms`);
  console.log(`  « add to proposal »: model from ${placedIds.size} placed     ${fixed(model.seconds, 2).padStart(6)} s; suggestions for ${fixed(count - placedIds.size)}: ${fixed(suggestions.seconds, 2)} s`);
  console.log(`  learning from one staff decision              ${fixed(perDecision, 1).padStart(6)} ms   (place one contribution, its proposal rescored)`);
  goals.push(
    `suggestions for ${fixed(count)} ≤ 2 s: groups ${fixed(groups.seconds, 2)} s, CPU ${fixed(groups.cpu, 2)} s (index built once: ${fixed(built.seconds, 2)} s) ${goal(groups.seconds <= 2)}`,
    `learning from one decision ≤ 50 ms: ${fixed(perDecision, 1)} ms ${goal(perDecision <= 50)}`
  );
  console.log('\nGoals');
  for (const line of goals) console.log(`  ${line}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
