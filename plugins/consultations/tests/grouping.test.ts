import { describe, expect, it } from 'vitest';
import { stripAccents } from '@intranet-militant/shared';
import { FRENCH_DICTIONARY_MIN_LENGTH, frenchDictionarySize, isFrenchWord } from '../server/src/domain/french-dictionary';
import { frenchTerms, groupingTokens } from '../server/src/domain/french-text';
import { PlacementModel, plattFit } from '../server/src/domain/placement';
import { SimilarityIndex } from '../server/src/domain/similarity';
import { ConceptMatcher, SEEDED_VOCABULARY, type Vocabulary } from '../server/src/domain/vocabulary';
import { VOCABULARY_SEED } from '../server/src/domain/vocabulary-seed';

/**
 * Grouping by meaning: the normalisation that keeps every word, the domain vocabulary,
 * and learning from staff decisions. Fixtures written for these tests.
 */
const keys = (text: string) => frenchTerms(text).map((t) => t.key);

describe('normalisation for grouping', () => {
  it('reads composed and decomposed accents, ligatures and missing accents as one word', () => {
    expect(keys('Élection')).toEqual(keys('E\u0301lection'));
    expect(keys('election')).toEqual(keys('élection'));
    expect(keys('cœur de métier')).toEqual(keys('coeur de metier'));
    expect(keys('curriculum vitæ')).toEqual(keys('curriculum vitae'));
  });

  it('splits every elision, whatever the apostrophe', () => {
    for (const text of ['l’adhésion', "l'adhésion", 'lʼadhésion', 'L’ADHÉSION']) expect(keys(text)).toEqual(keys('adhésion'));
    expect(keys('lorsqu’un élu')).toEqual(keys('élu'));
    expect(keys('jusqu’au congrès')).toEqual(keys('congrès'));
    expect(keys('qu’il parte')).toEqual(keys('parte'));
  });

  it('splits hyphenated words into their parts', () => {
    expect(keys('non-cumul')).toEqual(keys('non cumul'));
    expect(keys('porte-à-porte')).toEqual(keys('porte à porte'));
    expect(keys('porte-parole')).toContain(keys('parole')[0]);
  });

  it('brings the plurals the stemmer misses back to the singular', () => {
    expect(keys('élus')).toEqual(keys('élu'));
    expect(keys('exclus')).toEqual(keys('exclu'));
    expect(keys('journaux')).toEqual(keys('journal'));
    expect(keys('locaux')).toEqual(keys('local'));
    expect(keys('rendus')).toEqual(keys('rendu'));
    expect(keys('mandats')).toEqual(keys('mandat'));
  });

  it('keeps stop words as marked tokens (for phrases), and drops bare numbers', () => {
    const tokens = groupingTokens('Être à jour en 2025');
    expect(tokens.map((t) => t.stop)).toEqual([true, true, false, true]);
    expect(frenchTerms('Il faut mettre en place 3 réunions').map((t) => t.word)).toEqual(['réunions']);
  });
});

const vocabulary: Vocabulary = {
  revision: 'test',
  concepts: [
    { key: 'dues', label: 'Cotisation', variants: ['cotisation', 'carte du parti', 'à jour', 'rattrapage'] },
    { key: 'attendance', label: 'Assiduité', variants: ['assiduité', 'absentéisme', 'présence'] },
  ],
};

describe('domain vocabulary', () => {
  const matcher = new ConceptMatcher(vocabulary);
  const concepts = (text: string) => [...new Set(matcher.match(groupingTokens(text)).map((m) => matcher.concepts[m.concept].key))];

  it('finds a concept by any of its variants, inflected or not', () => {
    expect(concepts('Les cotisations doivent baisser')).toEqual(['dues']);
    expect(concepts('Reprendre sa CARTE DU PARTI')).toEqual(['dues']);
    expect(concepts('Il faut lutter contre l’absenteisme')).toEqual(['attendance']);
  });

  it('corrects a typo of one of its words (one edit away), not a short or ambiguous word', () => {
    const m = new ConceptMatcher(vocabulary);
    const corrected = (text: string) => m.correct(groupingTokens(text)).map((t) => t.key);
    expect(corrected('la cotisaton')).toEqual(corrected('la cotisation'));
    expect(corrected('la cotsiation')).toEqual(corrected('la cotisation'));
    expect(corrected('absenteïsme')).toEqual(corrected('absentéisme'));
    expect(corrected('la constitution')).not.toEqual(corrected('la cotisation'));
    expect(concepts('lutter contre l’absentéime')).toEqual(['attendance']);
  });

  it('does not take a French word for a typo of a vocabulary word one edit away (the dictionary knows it)', () => {
    const seeded = new ConceptMatcher(SEEDED_VOCABULARY);
    const corrected = (text: string) => seeded.correct(groupingTokens(text)).map((t) => t.key);
    // « apolitique », « acompte », « asociaux »: one letter from the seed's « politique », « compte », « sociaux ».
    expect(corrected('une association apolitique')).not.toEqual(corrected('une association politique'));
    expect(corrected('verser un acompte')).not.toEqual(corrected('verser un compte'));
    expect(corrected('des comportements asociaux')).not.toEqual(corrected('des comportements sociaux'));
    // Typos of the same words still take the vocabulary word's key, and so name its concept.
    expect(corrected('une association politqiue')).toEqual(corrected('une association politique'));
    expect(corrected('verser un comtpe')).toEqual(corrected('verser un compte'));
    expect(corrected('les militnats')).toEqual(corrected('les militants'));
    // The outcome is kept: asked again, the same answer.
    expect(corrected('une association apolitique')).not.toEqual(corrected('une association politique'));
  });

  it('reads a word typed without accents as the dictionary word it strips to, and still corrects a typo typed so', () => {
    const seeded = new ConceptMatcher(SEEDED_VOCABULARY);
    const corrected = (text: string) => seeded.correct(groupingTokens(text)).map((t) => t.key);
    // « anterieur » is « antérieur » without its accent, a word, not a typo of the seed's « intérieur ».
    expect(corrected('le mandat anterieur')).toEqual(corrected('le mandat antérieur'));
    expect(corrected('le mandat anterieur')).not.toEqual(corrected('le mandat intérieur'));
    expect(corrected('le reglement interieur')).toEqual(corrected('le règlement intérieur'));
    // A typo without accents is no dictionary word: corrected (« absenteime » → « absentéisme »).
    expect(corrected('contre l’absenteime')).toEqual(corrected('contre l’absentéisme'));
  });

  it('matches a phrase with one content word only as written (« à jour », not every « jour »)', () => {
    expect(concepts('être à jour chaque année')).toEqual(['dues']);
    expect(concepts('un jour de fête')).toEqual([]);
  });

  it('ties two texts that share no word but name one concept, and says so', () => {
    const index = new SimilarityIndex(
      [
        { id: 1, title: 'Cotisation annuelle', body: 'Une cotisation une fois par an.' },
        { id: 2, title: 'Fini le rattrapage', body: 'Être à jour chaque année suffit.' },
        { id: 3, title: 'Piscine municipale', body: 'Ouvrir la piscine le dimanche.' },
      ],
      { vocabulary, dimensions: 0 }
    );
    expect(index.similarity(1, 2)).toBeGreaterThan(0.2);
    expect(index.similarity(1, 3)).toBe(0);
    expect(index.explain(1, 2).concepts).toEqual(['Cotisation']);
    const without = new SimilarityIndex(
      [
        { id: 1, title: 'Cotisation annuelle', body: 'Une cotisation une fois par an.' },
        { id: 2, title: 'Fini le rattrapage', body: 'Être à jour chaque année suffit.' },
      ],
      { vocabulary: { revision: 'none', concepts: [] }, dimensions: 0 }
    );
    expect(without.similarity(1, 2)).toBeLessThan(index.similarity(1, 2));
  });

  it('seeds concepts with stable keys, labels and variants', () => {
    expect(new Set(VOCABULARY_SEED.map((c) => c.key)).size).toBe(VOCABULARY_SEED.length);
    for (const c of VOCABULARY_SEED) {
      expect(c.key).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(c.variants.length).toBeGreaterThan(2);
    }
  });

  it('names, in the seeded vocabulary (version 3), notions of party life the way members write them', () => {
    const seeded = new ConceptMatcher(SEEDED_VOCABULARY);
    const keys = (text: string) => new Set(seeded.match(groupingTokens(text)).map((m) => seeded.concepts[m.concept].key));
    expect(keys('Pas de carte, pas de vote : fini les adhésions de dernière minute')).toContain('cotisation');
    expect(keys('Les élus qu’on ne voit jamais aux séances')).toContain('assiduite');
    expect(keys('Trois mandats d’affilée, puis on passe la main')).toContain('limite-mandats');
    expect(keys('Un extrait de casier judiciaire pour chaque candidat')).toContain('casier');
    expect(keys('Des modules en ligne à suivre à son rythme, avec un quiz')).toContain('mooc');
    expect([...keys('Rendre publiques les décisions motivées de la commission des conflits')]).toEqual(expect.arrayContaining(['decisions-publiees', 'sanctions']));
    expect(keys('Les critères d’investiture connus de tous')).toContain('investiture-criteres');
    // Split notions stay apart: online training is not the summer university.
    expect(keys('Des modules en ligne à son rythme')).not.toContain('universite-ete');
  });
});

describe('the French dictionary of the typo correction', () => {
  it('knows inflected forms whatever their accents, not typos, and keeps only words of 6 letters or more', () => {
    for (const word of ['élection', 'election', 'éléction', 'adhérentes', 'cœurs', 'constitution', 'proposerions']) expect(isFrenchWord(stripAccents(word))).toBe(true);
    for (const word of ['cotisaton', 'eleection', 'militnat', 'xyzxyz']) expect(isFrenchWord(word)).toBe(false);
    expect(() => isFrenchWord('chat')).toThrow(RangeError);
    expect(FRENCH_DICTIONARY_MIN_LENGTH).toBe(6);
    // Loaded compactly: every kept form once, one byte a letter (about 3 MB).
    const size = frenchDictionarySize()!;
    expect(size.words).toBeGreaterThan(250_000);
    expect(size.chars).toBeLessThan(4_000_000);
  });
});

describe('the concept space (explicit semantic analysis over the vocabulary)', () => {
  const space: Vocabulary = {
    revision: 'space',
    concepts: [
      { key: 'dues', label: 'Cotisation', variants: ['cotisation', 'carte du parti', 'payer sa cotisation', 'montant de la carte'] },
      { key: 'meetings', label: 'Réunions', variants: ['réunion de section', 'ordre du jour', 'horaire des réunions', 'réunion le soir'] },
      { key: 'press', label: 'Journal', variants: ['journal interne', 'bulletin de section'] },
    ],
  };

  it('gives each word the concepts whose variants use it, most to the concept that alone uses it', () => {
    const matcher = new ConceptMatcher(space);
    const of = (word: string) => {
      const { concepts, weights } = matcher.conceptsOfWord(groupingTokens(word)[0].key);
      return new Map([...concepts].map((c, i) => [matcher.concepts[c].key, weights[i]]));
    };
    expect([...of('carte').keys()]).toEqual(['dues']); // « carte du parti », « montant de la carte »
    expect([...of('réunions').keys()]).toEqual(['meetings']);
    // « section »: in « réunion de section » and « bulletin de section », telling of neither as much.
    expect([...of('section').keys()].sort()).toEqual(['meetings', 'press']);
    expect(of('section').get('meetings')!).toBeLessThan(of('carte').get('dues')!);
    expect(of('section').get('meetings')!).toBeCloseTo(of('section').get('press')!, 10);
    expect(of('piscine').size).toBe(0);
  });

  it('ties texts that share no word and name no concept whole, by the concepts their words lean on', () => {
    const texts = [
      { id: 1, title: 'La carte', body: 'Un montant plus bas pour les petits revenus.' },
      { id: 2, title: 'Payer moins', body: 'Que chacun puisse payer selon ses moyens.' },
      { id: 3, title: 'Le soir', body: 'Un horaire plus tardif, après le travail.' },
    ];
    // (LSA off: the concept space alone beside the words.)
    const withSpace = new SimilarityIndex(texts, { vocabulary: space, latentShare: 0 });
    const without = new SimilarityIndex(texts, { vocabulary: space, latentShare: 0, conceptSpaceShare: 0 });
    expect(without.similarity(1, 2)).toBe(0);
    expect(withSpace.similarity(1, 2)).toBeGreaterThan(0.2);
    expect(withSpace.similarity(1, 2)).toBeGreaterThan(withSpace.similarity(1, 3));
    // The reason staff read: the concept both lean on, though neither names it whole.
    expect(withSpace.explain(1, 2)).toEqual({ shared: [], concepts: ['Cotisation'] });
    expect(withSpace.nearest(1, 1)[0]).toMatchObject({ id: 2, concepts: ['Cotisation'] });
  });

  it('compares texts the vocabulary cannot place on their words alone (their words take the concept space’s share)', () => {
    const texts = [
      { id: 1, title: 'Piscine', body: 'Ouvrir la piscine municipale le dimanche.' },
      { id: 2, title: 'Piscine le dimanche', body: 'La piscine fermée le dimanche, quel dommage.' },
      { id: 3, title: 'Cotisation', body: 'Payer sa cotisation une fois par an.' },
      { id: 4, title: 'Carte du parti', body: 'Le montant de la carte du parti, une fois par an.' },
    ];
    const index = new SimilarityIndex(texts, { vocabulary: space, latentShare: 0 });
    const words = new SimilarityIndex(texts, { vocabulary: { revision: 'none', concepts: [] }, latentShare: 0, conceptSpaceShare: 0 });
    expect(index.similarity(1, 2)).toBeCloseTo(words.similarity(1, 2), 10);
    // Two texts the space places: half their words, half their concepts (LSA off here).
    expect(index.similarity(3, 4)).toBeGreaterThan(0.5);
    expect(index.groups({ threshold: 0.3 }).map((g) => g.ids)).toEqual(expect.arrayContaining([[1, 2], [3, 4]]));
  });
});

// Three ideas written several ways, and one text about nothing in particular.
const texts = [
  { id: 1, title: 'Cotisation annuelle', body: 'Payer sa cotisation une fois par an, simplement.' },
  { id: 2, title: 'Carte du parti', body: 'Reprendre sa carte du parti chaque année, sans rattrapage.' },
  { id: 3, title: 'Être à jour', body: 'Un adhérent à jour de cotisation, c’est tout.' },
  { id: 4, title: 'Présence des élus', body: 'Publier la présence des élus aux réunions du conseil.' },
  { id: 5, title: 'Absentéisme', body: 'Sanctionner l’absentéisme des élus au conseil.' },
  { id: 6, title: 'Assiduité', body: 'L’assiduité des élus doit être connue des adhérents.' },
  { id: 7, title: 'Journal interne', body: 'Un journal interne imprimé pour informer les militants.' },
  { id: 8, title: 'Lettre d’information', body: 'Une lettre d’information mensuelle aux militants.' },
  { id: 9, title: 'Bulletin', body: 'Un bulletin imprimé chaque mois pour les militants.' },
  { id: 10, title: 'Remarque', body: 'Merci pour cette initiative, bon courage à tous.' },
];

describe('groups by average linkage', () => {
  it('forms one group per idea and leaves the odd text alone', () => {
    const groups = new SimilarityIndex(texts, { vocabulary }).groups({ threshold: 0.2 });
    const sets = groups.map((g) => g.ids);
    expect(sets).toContainEqual([1, 2, 3]);
    expect(sets).toContainEqual([4, 5, 6]);
    expect(sets.flat()).not.toContain(10);
    const dues = groups.find((g) => g.ids.includes(1))!;
    expect(dues.concepts).toContain('Cotisation');
    expect(dues.linkage).toBeGreaterThanOrEqual(0.2);
  });

  it('leaves a text too vague to group out of every group and every proposal (under three words, no concept)', () => {
    const more = [...texts, { id: 12, title: 'Merci', body: 'Bravo !' }, { id: 13, title: 'Cotisation', body: '' }];
    const index = new SimilarityIndex(more, { vocabulary });
    expect(index.vague(12)).toBe(true);
    expect(index.vague(13)).toBe(false); // one word, but a concept of the vocabulary
    expect(index.vague(10)).toBe(false);
    expect(index.groups({ threshold: 0.01 }).some((g) => g.ids.includes(12))).toBe(false);
    const model = new PlacementModel(index, [{ id: 1, proposal: 'dues' }], { candidates: [12, 13], threshold: 0 });
    expect(model.suggest(12)).toBeNull();
    expect(model.suggest(13)?.proposal).toBe('dues');
  });

  it('never puts together a pair staff kept apart', () => {
    const groups = new SimilarityIndex(texts, { vocabulary }).groups({ threshold: 0.2, apart: [[1, 2]] });
    expect(groups.some((g) => g.ids.includes(1) && g.ids.includes(2))).toBe(false);
  });

  it('folds in a text that arrives later, with the same answers as a rebuild for what it shares', () => {
    const index = new SimilarityIndex(texts.slice(0, 9), { vocabulary });
    index.add({ id: 11, title: 'Cotisation', body: 'La cotisation chaque année, à jour.' });
    expect(index.size).toBe(10);
    expect(index.staleness).toBeCloseTo(1 / 9);
    expect(index.nearest(11, 3).map((n) => n.id).every((id) => id <= 3)).toBe(true);
    expect(index.nearestToText({ title: 'assiduité des élus', body: '' }, 3).map((n) => n.id)).toContain(6);
  });
});

describe('learning from staff', () => {
  const index = new SimilarityIndex(texts, { vocabulary });
  const model = () =>
    new PlacementModel(
      index,
      [
        { id: 1, proposal: 'dues' },
        { id: 4, proposal: 'attendance' },
        { id: 7, proposal: 'news' },
      ],
      { candidates: [2, 3, 5, 6, 8, 9, 10], threshold: 0.2 }
    );

  it('suggests « add to proposal » from the contributions staff placed, with a confidence and reasons', () => {
    const m = model();
    const s = m.suggest(2)!;
    expect(s.proposal).toBe('dues');
    expect(s.confidence).toBeGreaterThan(0);
    expect(s.confidence).toBeLessThanOrEqual(1);
    expect([...s.shared, ...s.concepts].length).toBeGreaterThan(0);
    expect(m.suggest(5)?.proposal).toBe('attendance');
    expect(m.suggest(10)).toBeNull(); // off-topic: left unassigned
  });

  it('never suggests a rejected pair again, nor one staff took out of a proposal', () => {
    const m = model();
    m.reject(2, 'dues');
    expect(m.suggest(2)?.proposal).not.toBe('dues');
    m.place(3, 'dues');
    m.unplace(3);
    expect(m.suggest(3)?.proposal).not.toBe('dues');
  });

  it('never suggests a proposal holding a contribution staff kept apart from this one', () => {
    const m = new PlacementModel(index, [{ id: 1, proposal: 'dues' }], { candidates: [2, 3], apart: [[2, 1]], threshold: 0.2 });
    expect(m.suggest(2)).toBeNull();
    expect(m.suggest(3)?.proposal).toBe('dues');
  });

  it('learns from one placement: a new proposal attracts its like at once', () => {
    const m = new PlacementModel(index, [{ id: 1, proposal: 'dues' }], { candidates: [2, 3, 5, 6, 8, 9, 10], threshold: 0.2 });
    expect(m.suggest(5)).toBeNull();
    m.place(4, 'attendance');
    expect(m.suggest(5)?.proposal).toBe('attendance');
    expect(m.suggestAll().map((s) => s.id)).not.toContain(4);
  });

  it('scores a proposal by half its centroid and half its nearest source, and updates both on a placement', () => {
    const m = new PlacementModel(index, [{ id: 1, proposal: 'dues' }, { id: 7, proposal: 'dues' }], { candidates: [2, 3, 8, 9], threshold: 0.01 });
    const expected = (id: number, sources: number[]) =>
      0.5 * index.centroidCloseness(id, index.centreOf(sources)) + 0.5 * Math.max(...sources.map((s) => index.similarity(id, s)));
    // A proposal whose two sources say two things: the text close to one of them is not diluted by the other.
    expect(m.suggest(8)!.score).toBeCloseTo(expected(8, [1, 7]), 10);
    expect(m.suggest(8)!.score).toBeGreaterThan(index.similarity(8, 7) / 2);
    m.place(9, 'dues');
    expect(m.suggest(8)!.score).toBeCloseTo(expected(8, [1, 7, 9]), 10);
    expect(m.suggest(2)!.score).toBeCloseTo(expected(2, [1, 7, 9]), 10);
  });

  it('follows a merge: the sources of the merged proposal speak for the other', () => {
    const m = model();
    m.merge('attendance', 'dues');
    expect(m.suggest(5)?.proposal).toBe('dues');
  });

  it('counts a proposal’s title and summary as one more source: a titled proposal with no source yet attracts its like', () => {
    const proposals = [{ proposal: 'news', title: 'Journal interne', summary: 'Informer les militants chaque mois.' }];
    // (Texts 7–9 and the title name nothing of this vocabulary: the concept space cannot place
    // them, and they compare on their words and latent vectors, which give less than the
    // latent half they had before it.)
    const m = new PlacementModel(index, [], { candidates: [2, 5, 8, 9, 10], threshold: 0.15, proposals });
    expect(m.suggest(8)?.proposal).toBe('news');
    expect(m.suggest(9)?.proposal).toBe('news');
    expect(m.suggest(2)).toBeNull(); // dues: nothing to do with it
    expect(m.suggest(10)).toBeNull();
    // Half the closeness to the centre (the title alone here), half the similarity to the nearest source (the title).
    const title = index.probe({ title: proposals[0].title, body: proposals[0].summary });
    const centre = index.centreOf([]);
    index.moveProbeInCentre(centre, title, 1);
    const expected = 0.5 * index.centroidCloseness(8, centre) + 0.5 * index.similaritiesToProbe(title, [8])[0];
    expect(m.suggest(8)!.score).toBeCloseTo(expected, 10);
    expect(m.suggest(8)!.shared.length + m.suggest(8)!.concepts.length).toBeGreaterThan(0);
  });

  it('adds the title to the sources staff placed, and ignores a title of words no contribution uses', () => {
    const withTitle = new PlacementModel(index, [{ id: 1, proposal: 'dues' }, { id: 7, proposal: 'news' }], {
      candidates: [8, 9],
      threshold: 0.01,
      proposals: [{ proposal: 'news', title: 'Lettre d’information mensuelle' }, { proposal: 'void', title: 'Zorglub wxq' }],
    });
    const without = new PlacementModel(index, [{ id: 1, proposal: 'dues' }, { id: 7, proposal: 'news' }], { candidates: [8, 9], threshold: 0.01 });
    expect(withTitle.suggest(8)!.proposal).toBe('news');
    expect(withTitle.suggest(8)!.score).toBeGreaterThan(without.suggest(8)!.score);
    expect(index.probe({ title: 'Zorglub wxq', body: '' }).empty).toBe(true);
    expect(withTitle.suggestAll().some((s) => s.proposal === 'void')).toBe(false);
    // The title stays with its proposal through placements: one more source placed, still counted.
    withTitle.place(9, 'news');
    const title = index.probe({ title: 'Lettre d’information mensuelle', body: '' });
    const centre = index.centreOf([7, 9]);
    index.moveProbeInCentre(centre, title, 1);
    const nearest = Math.max(index.similarity(8, 7), index.similarity(8, 9), index.similaritiesToProbe(title, [8])[0]);
    expect(withTitle.suggest(8)!.score).toBeCloseTo(0.5 * index.centroidCloseness(8, centre) + 0.5 * nearest, 10);
  });
});

describe('a confidence calibrated on staff’s placements', () => {
  const sigma = (w: number[], x: number[]) => 1 / (1 + Math.exp(-w.reduce((sum, wi, i) => sum + wi * x[i], 0)));

  it('fits a logistic curve: a higher score is likelier right, and a few samples never give a certainty', () => {
    // Predictions whose score (feature 2) tells: right above 1.5, wrong below, one exception each side.
    const samples = [1, 1.1, 1.2, 1.3, 1.4, 1.6, 1.7, 1.8, 1.9, 2].map((score, i) => ({ x: [1, score, 0.6], right: (score > 1.5) !== (i === 0 || i === 9) }));
    const w = plattFit(samples);
    expect(sigma(w, [1, 2, 0.6])).toBeGreaterThan(sigma(w, [1, 1, 0.6]));
    expect(sigma(w, [1, 2, 0.6])).toBeGreaterThan(0.5);
    expect(sigma(w, [1, 1, 0.6])).toBeLessThan(0.5);
    const allRight = plattFit(samples.map((s) => ({ ...s, right: true })));
    for (const score of [1, 1.5, 2]) {
      expect(sigma(allRight, [1, score, 0.6])).toBeGreaterThan(0.5);
      expect(sigma(allRight, [1, score, 0.6])).toBeLessThan(1 - 1 / 20); // Platt's target for 10 right: 11/12
    }
  });

  // Three ideas, five ways each (written for this test).
  const ideas: [string, string[]][] = [
    ['dues', ['Cotisation annuelle pour tous', 'Payer sa cotisation chaque année', 'Une carte du parti à jour chaque année', 'Le rattrapage de cotisation sur deux ans, non', 'Cotisation réglée une fois par an en ligne']],
    ['attendance', ['Publier la présence des élus', 'Absentéisme des élus au conseil municipal', 'Assiduité des élus aux séances', 'Les élus absents aux réunions doivent s’expliquer', 'Feuille de présence des élus publiée']],
    ['training', ['Formation des nouveaux militants', 'Des modules de formation en ligne', 'Former les militants à la prise de parole', 'Un MOOC de formation pour les adhérents', 'Formation des élus locaux chaque année']],
  ];
  const corpus = ideas.flatMap(([, list], i) => list.map((body, j) => ({ id: 100 + i * 10 + j, title: body.split(' ').slice(0, 2).join(' '), body })));
  const idea = (id: number) => ideas[Math.floor((id - 100) / 10)][0];
  const big = new SimilarityIndex(corpus);

  it('is a ranking aid until ten placed contributions can be predicted, then a probability estimated on them', () => {
    const few = new PlacementModel(big, [100, 110, 120].map((id) => ({ id, proposal: idea(id) })), { candidates: corpus.map((t) => t.id), threshold: 0.05 });
    const early = few.suggest(101)!;
    expect(early.calibrated).toBe(false);
    const placed = corpus.filter((t) => t.id % 10 !== 4).map((t) => ({ id: t.id, proposal: idea(t.id) }));
    const many = new PlacementModel(big, placed, { candidates: corpus.map((t) => t.id), threshold: 0.05 });
    const late = many.suggest(104)!;
    expect(late.proposal).toBe('dues');
    expect(late.calibrated).toBe(true);
    expect(late.confidence).toBeGreaterThan(0);
    expect(late.confidence).toBeLessThan(1);
    // Every placed contribution of these ideas is recognised by the others: the estimate leans to « right ».
    expect(late.confidence).toBeGreaterThan(0.5);
    // One more decision is taken into account at the next suggestion.
    many.place(114, 'attendance');
    expect(many.suggest(124)!.calibrated).toBe(true);
    expect(many.suggest(114)).toBeNull(); // placed now
  });

  it('once calibrated, suggests nothing less likely right than its floor (one time in three by default)', () => {
    const placed = corpus.filter((t) => t.id % 10 < 4).map((t) => ({ id: t.id, proposal: idea(t.id) }));
    const candidates = corpus.map((t) => t.id);
    const m = new PlacementModel(big, placed, { candidates, threshold: 0.05 });
    expect(m.minConfidence).toBeCloseTo(1 / 3, 10);
    const all = m.suggestAll();
    expect(all.length).toBe(3);
    expect(all.every((s) => s.calibrated && s.confidence >= 1 / 3)).toBe(true);
    const lowest = Math.min(...all.map((s) => s.confidence));
    const strict = new PlacementModel(big, placed, { candidates, threshold: 0.05, minConfidence: lowest + 1e-9 });
    expect(strict.suggestAll().length).toBeLessThan(all.length);
    expect(strict.suggestAll().every((s) => s.confidence > lowest)).toBe(true);
    // Before calibration (too few placed), the floor does not apply: the ranking aid is no probability.
    const few = new PlacementModel(big, [100, 110, 120].map((id) => ({ id, proposal: idea(id) })), { candidates, threshold: 0.05, minConfidence: 0.99 });
    expect(few.suggest(101)?.calibrated).toBe(false);
  });
});
