import { readFileSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { stripAccents } from '@intranet-militant/shared';

/**
 * The French dictionary the typo correction of the domain vocabulary consults (see
 * `ConceptMatcher.correct`): a word the dictionary knows is a word, not a typo, even when it
 * is one edit away from a vocabulary word (« existe » is not a misspelt « sexiste »).
 *
 * Source: the npm package `an-array-of-french-words` (MIT; ~336,000 lower-case inflected
 * forms — every conjugated form, feminine and plural — derived from the Letterpress word list;
 * a 4.6 MB JSON array). It is read once per process: in a worker thread started at boot
 * (`preloadFrenchDictionary`, about 0.45 s of CPU there, none on the event loop), or, when a
 * matcher has a correction to check before the worker is done (or where none was started:
 * scripts, unit tests), synchronously at that first use. It is kept compact: only the words of `FRENCH_DICTIONARY_MIN_LENGTH` letters or more (the
 * shortest the matcher corrects), without accents, ligatures spelled out (« œ » → « oe »), the
 * parts of hyphenated entries as separate words (texts are split there too); for each length
 * one string of the sorted words end to end, searched by halves. About 3 MB of heap instead of
 * about 20 MB for a `Set` of the same words (measured: see the README, issue 14, sixth pass).
 */

/** Words shorter than this are not kept (the vocabulary's typo correction ignores them). */
export const FRENCH_DICTIONARY_MIN_LENGTH = 6;

/** For each word length, the words of that length (without accents), sorted, end to end. */
let byLength: Map<number, string> | null = null;
/** How the dictionary came to be loaded in this process (null: not yet). */
let loadedBy: 'worker' | 'first use' | null = null;
/** The worker's load under way (or done), once `preloadFrenchDictionary` was called. */
let preloading: Promise<'worker' | 'first use' | 'failed'> | null = null;
/** What the worker thread is told to do (this same file, run as the worker's script). */
const WORKER_TASK = 'intranet-militant:french-dictionary';

function load(): Map<number, string> {
  const file = require.resolve('an-array-of-french-words/index.json');
  // Read and parsed here rather than `require`d: the 336,000 strings of the array are garbage
  // once the compact form is built, where `require` would keep them in its cache for good.
  const entries = JSON.parse(readFileSync(file, 'utf8')) as string[];
  const lists = new Map<number, string[]>();
  for (const entry of entries) {
    for (const part of (/[^a-z-]/.test(entry) ? stripAccents(entry) : entry).split('-')) {
      if (part.length < FRENCH_DICTIONARY_MIN_LENGTH) continue;
      const list = lists.get(part.length);
      if (list) list.push(part);
      else lists.set(part.length, [part]);
    }
  }
  const compact = new Map<number, string>();
  for (const [length, list] of lists) {
    list.sort();
    const joined = list.filter((word, i) => i === 0 || word !== list[i - 1]).join('');
    // Every word is ASCII once stripped, but a string stripped of its accents stays stored two
    // bytes a character: copied through Latin-1, V8 keeps the whole one byte a character.
    compact.set(length, Buffer.from(joined, 'latin1').toString('latin1'));
  }
  return compact;
}

/**
 * Whether a word is French according to the dictionary, whatever its accents: `bare` is the
 * word in lower case without accents (`stripAccents`), and it counts when some dictionary word
 * without its accents is spelled the same — « election », « élection » and « éléction » alike.
 * Members often type without accents, and the grouping reads every word without them anyway, so
 * an accent missing or wrong is never a typo to correct. Loads the dictionary on the first call.
 * Throws a `RangeError` for a word shorter than `FRENCH_DICTIONARY_MIN_LENGTH` (not kept).
 */
export function isFrenchWord(bare: string): boolean {
  if (bare.length < FRENCH_DICTIONARY_MIN_LENGTH) throw new RangeError(`The French dictionary keeps words of ${FRENCH_DICTIONARY_MIN_LENGTH} letters or more, not « ${bare} ».`);
  if (!byLength) {
    byLength = load();
    loadedBy = 'first use';
  }
  const words = byLength.get(bare.length);
  if (!words) return false;
  const length = bare.length;
  let low = 0;
  let high = words.length / length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const word = words.slice(middle * length, (middle + 1) * length);
    if (word === bare) return true;
    if (word < bare) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/**
 * How many words the dictionary holds once loaded, how many characters, and how it was
 * loaded (`worker`: by `preloadFrenchDictionary`; `first use`: synchronously, on the event
 * loop); null before it is loaded.
 */
export function frenchDictionarySize(): { words: number; chars: number; loadedBy: 'worker' | 'first use' } | null {
  if (!byLength || !loadedBy) return null;
  let words = 0;
  let chars = 0;
  for (const [length, list] of byLength) {
    words += list.length / length;
    chars += list.length;
  }
  return { words, chars, loadedBy };
}

/** Where the dictionary stands in this process: `loading` while the worker started by `preloadFrenchDictionary` works. */
export function frenchDictionaryState(): 'not loaded' | 'loading' | 'worker' | 'first use' {
  return loadedBy ?? (preloading ? 'loading' : 'not loaded');
}

/**
 * Loads the dictionary in a worker thread, off the event loop (the consultations plugin calls
 * it at boot without waiting: a member's first « contributions semblables » must not stall
 * every other request for half a second). Calling it again returns the same promise.
 * @returns how the dictionary is loaded once the promise settles: `worker`, `first use` (a
 * correction came first and loaded it synchronously), or `failed` (the worker could not
 * start or threw: the first use will load it synchronously, as before); never rejects.
 * The worker runs this very file (compiled, or through the caller's own loader).
 */
export function preloadFrenchDictionary(): Promise<'worker' | 'first use' | 'failed'> {
  if (byLength && loadedBy) return Promise.resolve(loadedBy);
  preloading ??= new Promise((resolve) => {
    const settle = () => resolve(loadedBy ?? 'failed');
    let worker: Worker;
    try {
      worker = new Worker(__filename, { workerData: WORKER_TASK });
    } catch {
      settle();
      return;
    }
    worker.unref(); // never keeps a process alive that is shutting down
    worker.once('message', (compact: Map<number, string>) => {
      if (!byLength) {
        byLength = compact;
        loadedBy = 'worker';
      }
      settle();
    });
    worker.once('error', settle);
    worker.once('exit', settle);
  });
  return preloading;
}

// Run as the worker's script: load, hand the compact form over (copied: a few MB), end.
if (!isMainThread && workerData === WORKER_TASK) parentPort!.postMessage(load());
