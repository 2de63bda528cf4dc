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
  const l = Math.min(dimensions + 10, n, termCount);
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
  const transposeTimes = (left: Float64Array[]) => {
    const z = new Float64Array(termCount * l);
    rows.forEach((row, i) => {
      const q = left[i];
      row.terms.forEach((t, j) => {
        const w = row.weights[j];
        for (let c = 0; c < l; c++) z[t * l + c] += w * q[c];
      });
    });
    return z;
  };
  let y = times(omega);
  y = times(transposeTimes(orthonormal(y)));
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
  const projection = new Float64Array(termCount * k);
  for (let t = 0; t < termCount; t++) {
    kept.forEach((e, c) => {
      let sum = 0;
      for (let a = 0; a < l; a++) sum += bt[t * l + a] * w[a][e.index];
      projection[t * k + c] = sum / Math.sqrt(e.value);
    });
  }
  return { dimensions: k, projection };
}

/**
 * An orthonormal basis of Y's columns (n × l, rows given), by modified Gram–Schmidt run
 * twice (« twice is enough »), column-major for speed; columns that vanish (Y of lower rank:
 * identical texts) are left at zero. ml-matrix's QR builds its Q element by element, which
 * is 10× slower at 10,000 rows.
 */
function orthonormal(y: Float64Array[]): Float64Array[] {
  const n = y.length;
  const l = n ? y[0].length : 0;
  const cols = Array.from({ length: l }, (_, c) => Float64Array.from(y, (row) => row[c]));
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < l; c++) {
      const col = cols[c];
      for (let p = 0; p < c; p++) {
        const prev = cols[p];
        let d = 0;
        for (let i = 0; i < n; i++) d += col[i] * prev[i];
        if (d !== 0) for (let i = 0; i < n; i++) col[i] -= d * prev[i];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += col[i] * col[i];
      norm = Math.sqrt(norm);
      if (norm < 1e-10) col.fill(0);
      else for (let i = 0; i < n; i++) col[i] /= norm;
    }
  }
  return Array.from({ length: n }, (_, i) => Float64Array.from(cols, (col) => col[i]));
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
