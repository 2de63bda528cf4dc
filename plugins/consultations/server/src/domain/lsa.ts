import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * Latent semantic analysis: a truncated SVD of a consultation's TF-IDF matrix, so that words
 * used in the same contributions (« carte », « à jour », « chaque année ») land near each
 * other even in texts that share none. Randomised range finder (Halko, Martinsson & Tropp
 * 2011, algorithm 4.4 with one power iteration), the small dense decompositions by
 * `ml-matrix`. Deterministic: a seeded Gaussian test matrix.
 */
export interface SparseRow {
  terms: Int32Array;
  weights: Float64Array;
}

/**
 * The term projection V_k (one row of `dimensions` numbers per term, row-major): a
 * document's latent vector is Σ weight(t) · V_k[t] (= its row of U_k Σ_k), and a text that
 * arrives later folds in the same way.
 */
export function truncatedSvd(rows: SparseRow[], termCount: number, dimensions: number, seed = 2026): { dimensions: number; projection: Float64Array } {
  const n = rows.length;
  const l = Math.min(dimensions + OVERSAMPLING, n, termCount);
  if (l < 2) return { dimensions: 0, projection: new Float64Array(0) };
  const random = gaussian(seed);
  const omega = new Float64Array(termCount * l);
  for (let i = 0; i < omega.length; i++) omega[i] = random();

  // Y = X Ω, then one power iteration Y = X (Xᵀ Y) to sharpen the spectrum.
  const times = (right: Float64Array) => {
    const y = Array.from({ length: n }, () => new Float64Array(l));
    rows.forEach((row, i) => {
      const out = y[i];
      row.terms.forEach((t, j) => {
        const w = row.weights[j];
        for (let c = 0; c < l; c++) out[c] += w * right[t * l + c];
      });
    });
    return y;
  };
  // Xᵀ Q, padded to l columns (Q may have fewer: directions dropped for rank).
  const transposeTimes = (left: Float64Array[]) => {
    const z = new Float64Array(termCount * l);
    const width = left.length ? left[0].length : 0;
    rows.forEach((row, i) => {
      const q = left[i];
      row.terms.forEach((t, j) => {
        const w = row.weights[j];
        for (let c = 0; c < width; c++) z[t * l + c] += w * q[c];
      });
    });
    return z;
  };
  let y = times(omega);
  y = times(transposeTimes(orthonormal(y, 1)));
  const q = orthonormal(y);
  // Bᵀ = Xᵀ Q (terms × l); B Bᵀ = Σ_t Bᵀ[t]ᵀ Bᵀ[t] (l × l), whose eigenvectors give B's left singular vectors.
  const bt = transposeTimes(q);
  const gramRows = Array.from({ length: l }, () => new Float64Array(l));
  for (let t = 0; t < termCount; t++) {
    for (let a = 0; a < l; a++) {
      const x = bt[t * l + a];
      if (x === 0) continue;
      const out = gramRows[a];
      for (let b = 0; b < l; b++) out[b] += x * bt[t * l + b];
    }
  }
  const gram = new Matrix(gramRows.map((r) => Array.from(r)));
  const evd = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, index) => ({ value, index })).sort((a, b) => b.value - a.value);
  const kept = order.filter((e) => e.value > 1e-10).slice(0, dimensions);
  const k = kept.length;
  // V_k = Bᵀ W_k Σ_k⁻¹; a document's vector X V_k = U_k Σ_k.
  const w = evd.eigenvectorMatrix.to2DArray();
  const columns = new Float64Array(k * l);
  kept.forEach((e, c) => {
    for (let a = 0; a < l; a++) columns[c * l + a] = w[a][e.index] / Math.sqrt(e.value);
  });
  const projection = new Float64Array(termCount * k);
  for (let t = 0; t < termCount; t++) {
    const base = t * l;
    for (let c = 0; c < k; c++) {
      let sum = 0;
      const col = c * l;
      for (let a = 0; a < l; a++) sum += bt[base + a] * columns[col + a];
      projection[t * k + c] = sum;
    }
  }
  return { dimensions: k, projection };
}

/**
 * An orthonormal basis of Y's columns (n × l, rows given): Q = Y W Λ^-1/2 from the
 * eigen-decomposition of the small Gram matrix YᵀY = W Λ Wᵀ (by `ml-matrix`), run twice
 * for accuracy (as CholeskyQR2); directions with a negligible eigenvalue (Y of lower rank:
 * identical texts) are dropped. Two passes over Y instead of Gram–Schmidt's l per column.
 */
/** Extra random directions of the range finder (Halko et al. suggest 5 to 10). */
const OVERSAMPLING = 8;

function orthonormal(y: Float64Array[], passes = 2): Float64Array[] {
  let q = y;
  for (let pass = 0; pass < passes; pass++) {
    const l = q.length ? q[0].length : 0;
    const gram = Array.from({ length: l }, () => new Float64Array(l));
    for (const row of q) {
      for (let a = 0; a < l; a++) {
        const x = row[a];
        if (x === 0) continue;
        const out = gram[a];
        for (let b = a; b < l; b++) out[b] += x * row[b];
      }
    }
    for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) gram[a][b] = gram[b][a];
    const evd = new EigenvalueDecomposition(new Matrix(gram.map((r) => Array.from(r))), { assumeSymmetric: true });
    const values = evd.realEigenvalues;
    const max = Math.max(...values, 0);
    const w = evd.eigenvectorMatrix.to2DArray();
    const kept = values.map((v, i) => i).filter((i) => values[i] > max * 1e-12 && values[i] > 0);
    // W Λ^-1/2, column by column in one flat array (contiguous inner loops).
    const k = kept.length;
    const columns = new Float64Array(k * l);
    kept.forEach((i, c) => {
      const scale = 1 / Math.sqrt(values[i]);
      for (let a = 0; a < l; a++) columns[c * l + a] = w[a][i] * scale;
    });
    q = q.map((row) => {
      const out = new Float64Array(k);
      for (let c = 0; c < k; c++) {
        let sum = 0;
        const base = c * l;
        for (let a = 0; a < l; a++) sum += row[a] * columns[base + a];
        out[c] = sum;
      }
      return out;
    });
  }
  return q;
}

/** Seeded standard normal numbers (Box–Muller over mulberry32). */
function gaussian(seed: number) {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
