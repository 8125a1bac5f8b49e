import { choleskyFactor, choleskySolve } from './cholesky.ts';
import { connectedComponents } from './connected-components.ts';
import { NATS_TO_RATING } from './bradley-terry-solver.ts';

/** Rows as the solver reads them: covariates already scaled (fit-controlled-bradley-terry.ts). */
export interface ControlledRows {
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
  /** Row-major rows × p. */
  x: Float64Array;
}

export interface ControlledSolveInput {
  /** Starting φ = (θ, β) (default 0); held models keep their θ from here. */
  start?: Float64Array;
  /** Cholesky factor of M from a nearby problem: chord steps until one fails to contract. */
  factor?: Float64Array | null;
  /** 1 = θ_i held at its start value. */
  held?: Uint8Array;
  /** Bound on the remaining error at convergence, in rating points (θ) and rating points per unit covariate (β). */
  tolerance: number;
  maxIterations: number;
}

export interface ControlledSolveResult {
  /** φ = (θ_0..θ_{n−1}, β_0..β_{p−1}), natural units; the solver's own buffer, valid until the next solve. */
  phi: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Bradley–Terry with covariates, as a logistic regression, by damped Newton.
 *
 * Parameters φ = (θ, β): n model strengths and p covariate coefficients, in
 * natural units. Row k (models a, b, A's score y ∈ {0, ½, 1}, covariates
 * x_k ∈ R^p, weight w_k ≥ 0):
 *   η_k = θ_a − θ_b + βᵀx_k,   P(A beats B) = σ(η_k) = 1 / (1 + e^−η_k)
 *   ℓ(φ) = Σ_k w_k [ y_k log σ(η_k) + (1 − y_k) log σ(−η_k) ]
 *   g = ∇ℓ = Σ_k w_k (y_k − σ_k) u_k,   −H = Σ_k w_k σ_k (1 − σ_k) u_k u_kᵀ,
 *   u_k = (e_a − e_b, x_k) ∈ R^(n+p).
 * A tie scores ½: half a win each way, as in the plain fit (pair-counts.ts).
 * With x ≡ 0 this is exactly the plain Bradley–Terry likelihood of
 * bradley-terry-solver.ts, whose conventions this follows:
 * - Gauge: ℓ is unchanged by adding a constant to the θ of a connected
 *   component, so M = −H + Σ_c 1_c 1_cᵀ (θ block, per component without a
 *   held model). Each component's gradient sums to 0 (a row adds +r to θ_a
 *   and −r to θ_b), so M·d = g still gives −H·d = g with d summing to 0 per
 *   component: the Newton step, with the mean of each component kept.
 * - Held models: gradient 0, identity row and column in M.
 * - Step: d = M⁻¹g (Cholesky, cholesky.ts); φ ← φ + t·d, t = 1, ½, … until
 *   ‖g‖² falls by the Armijo-like factor (1 − 10⁻⁴ t); ℓ is concave, so
 *   ‖g‖² is a sound merit and needs no logarithms.
 * - Chord steps: given the factor of a nearby problem (bootstrap rounds start
 *   at the fitted φ with its factor), steps reuse it, and no Hessian is
 *   summed, while each step contracts; a step that does not is retaken as a
 *   Newton step at the current φ.
 * - Stop after a full step whose implied remaining error is under
 *   `tolerance` (rating points, 400/ln 10 per natural unit): the step itself
 *   for a Newton step (quadratic convergence), size·r / (1 − r) for an
 *   observed contraction r < 1 of chord steps; or when ‖g‖ is rounding noise.
 * One pass over the rows costs one exp and O(p) per row for g, O(p²) more
 * for H; a row's θ part touches only θ_a and θ_b.
 */
export class ControlledSolver {
  readonly m: number;
  private g: Float64Array;
  private gTrial: Float64Array;
  private hess: Float64Array;
  private hessTrial: Float64Array;
  private readonly chol: Float64Array;
  private readonly step: Float64Array;
  private phi: Float64Array;
  private trial: Float64Array;

  constructor(
    readonly n: number,
    readonly p: number,
  ) {
    const m = n + p;
    this.m = m;
    this.g = new Float64Array(m);
    this.gTrial = new Float64Array(m);
    this.hess = new Float64Array(m * m);
    this.hessTrial = new Float64Array(m * m);
    this.chol = new Float64Array(m * m);
    this.step = new Float64Array(m);
    this.phi = new Float64Array(m);
    this.trial = new Float64Array(m);
  }

  solve(rows: ControlledRows, weights: Float64Array | null, input: ControlledSolveInput): ControlledSolveResult {
    const { m } = this;
    const held = input.held ?? new Uint8Array(this.n);
    let labels: Int32Array | null = null; // only a refactorisation needs them: chord-only rounds never do
    const gauge = () => (labels ??= gaugeLabels(this.n, rows, weights, held));
    const floor = (1e-11 * (1 + totalWeight(rows, weights))) ** 2;
    if (input.start) this.phi.set(input.start);
    else this.phi.fill(0);
    let chord = Boolean(input.factor);
    let gg: number;
    if (chord) {
      this.chol.set(input.factor!);
      gg = this.pass(rows, weights, this.phi, this.g, null, held);
    } else {
      gg = this.pass(rows, weights, this.phi, this.g, this.hess, held);
      if (!this.factorise(this.hess, held, gauge())) return { phi: this.phi, iterations: 0, converged: false };
    }
    let previous = NaN;
    for (let iteration = 1; iteration <= input.maxIterations; iteration++) {
      if (gg <= floor) return { phi: this.phi, iterations: iteration - 1, converged: true };
      choleskySolve(this.chol, m, this.g, this.step);
      let largest = 0;
      for (let i = 0; i < m; i++) largest = Math.max(largest, Math.abs(this.step[i]!));
      let t = 1;
      let ggTrial: number;
      for (;;) {
        for (let i = 0; i < m; i++) this.trial[i] = this.phi[i]! + t * this.step[i]!;
        ggTrial = this.pass(rows, weights, this.trial, this.gTrial, chord ? null : this.hessTrial, held);
        if (ggTrial <= (1 - 2e-4 * t) * gg || ggTrial <= floor) break;
        if (chord) {
          // The borrowed factor gave a poor direction: a Newton step from here instead.
          chord = false;
          gg = this.pass(rows, weights, this.phi, this.g, this.hess, held);
          if (!this.factorise(this.hess, held, gauge())) return { phi: this.phi, iterations: iteration, converged: false };
          choleskySolve(this.chol, m, this.g, this.step);
          largest = 0;
          for (let i = 0; i < m; i++) largest = Math.max(largest, Math.abs(this.step[i]!));
          previous = NaN;
          t = 1;
          continue;
        }
        t *= 0.5;
        if (t < 1e-12) return { phi: this.phi, iterations: iteration, converged: false };
      }
      [this.phi, this.trial] = [this.trial, this.phi];
      [this.g, this.gTrial] = [this.gTrial, this.g];
      gg = ggTrial;
      const size = t * largest;
      if (chord) {
        const ratio = size / previous;
        previous = t === 1 ? size : NaN;
        const remaining = ratio < 1 ? (size * ratio) / (1 - ratio) : Infinity;
        if (remaining * NATS_TO_RATING < input.tolerance) return { phi: this.phi, iterations: iteration, converged: true };
        continue;
      }
      [this.hess, this.hessTrial] = [this.hessTrial, this.hess];
      if (t === 1 && size * NATS_TO_RATING < input.tolerance) return { phi: this.phi, iterations: iteration, converged: true };
      if (!this.factorise(this.hess, held, gauge())) return { phi: this.phi, iterations: iteration, converged: false };
    }
    return { phi: this.phi, iterations: input.maxIterations, converged: false };
  }

  /** Cholesky factor of M at φ for these rows and weights, for chord steps in nearby problems; null if M is singular. */
  factorAt(rows: ControlledRows, weights: Float64Array | null, phi: Float64Array, held?: Uint8Array): Float64Array | null {
    const h = held ?? new Uint8Array(this.n);
    this.pass(rows, weights, phi, this.g, this.hess, h);
    return this.factorise(this.hess, h, gaugeLabels(this.n, rows, weights, h)) ? Float64Array.from(this.chol) : null;
  }

  /** (M⁻¹)_ii with the last factor: the curvature variance of φ_i (for a β, its asymptotic variance). */
  inverseDiagonal(i: number): number {
    const e = new Float64Array(this.m);
    e[i] = 1;
    const x = new Float64Array(this.m);
    choleskySolve(this.chol, this.m, e, x);
    return x[i]!;
  }

  /** ℓ(φ) (weights as given). */
  logLikelihood(rows: ControlledRows, weights: Float64Array | null, phi: Float64Array): number {
    const { n, p } = this;
    const { a, b, score, x } = rows;
    let total = 0;
    for (let k = 0; k < a.length; k++) {
      let eta = phi[a[k]!]! - phi[b[k]!]!;
      for (let j = 0; j < p; j++) eta += phi[n + j]! * x[k * p + j]!;
      const w = weights ? weights[k]! : 1;
      const y = score[k]!;
      total += w * (y * logSigmoid(eta) + (1 - y) * logSigmoid(-eta));
    }
    return total;
  }

  /** g (and, if hess is given, −H in its lower triangle) at φ; returns ‖g‖². */
  private pass(
    rows: ControlledRows,
    weights: Float64Array | null,
    phi: Float64Array,
    g: Float64Array,
    hess: Float64Array | null,
    held: Uint8Array,
  ): number {
    const { n, p, m } = this;
    const { a, b, score, x } = rows;
    g.fill(0);
    if (hess) hess.fill(0);
    const rowsCount = a.length;
    for (let k = 0; k < rowsCount; k++) {
      const w = weights ? weights[k]! : 1;
      if (w === 0) continue;
      const i = a[k]!;
      const j = b[k]!;
      const base = k * p;
      let eta = phi[i]! - phi[j]!;
      for (let c = 0; c < p; c++) eta += phi[n + c]! * x[base + c]!;
      const s = 1 / (1 + Math.exp(-eta));
      const r = w * (score[k]! - s);
      g[i]! += r;
      g[j]! -= r;
      for (let c = 0; c < p; c++) g[n + c]! += r * x[base + c]!;
      if (!hess) continue;
      const h = w * s * (1 - s);
      hess[i * m + i]! += h;
      hess[j * m + j]! += h;
      if (i > j) hess[i * m + j]! -= h;
      else hess[j * m + i]! -= h;
      for (let c = 0; c < p; c++) {
        const hx = h * x[base + c]!;
        const row = (n + c) * m;
        hess[row + i]! += hx;
        hess[row + j]! -= hx;
        for (let d = 0; d <= c; d++) hess[row + n + d]! += hx * x[base + d]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) {
      if (i < n && held[i]) g[i] = 0;
      norm += g[i]! * g[i]!;
    }
    return norm;
  }

  /** Cholesky of M (held rows → identity, gauge added) into chol; a tiny ridge if rounding breaks it. */
  private factorise(hess: Float64Array, held: Uint8Array, gauge: Int32Array): boolean {
    const { n, m } = this;
    for (let i = 0; i < n; i++) {
      if (!held[i]) continue;
      for (let k = 0; k < m; k++) {
        hess[i * m + k] = 0;
        hess[k * m + i] = 0;
      }
      hess[i * m + i] = 1;
    }
    for (let ridge = 0; ridge <= 1e-6; ridge = ridge === 0 ? 1e-12 : ridge * 1e3) {
      this.chol.set(hess);
      for (let i = 0; i < m; i++) {
        this.chol[i * m + i]! += ridge * (1 + this.chol[i * m + i]!);
        if (i < n && gauge[i]! >= 0) for (let k = 0; k <= i; k++) if (gauge[k] === gauge[i]) this.chol[i * m + k]! += 1;
      }
      if (choleskyFactor(this.chol, m)) return true;
    }
    return false;
  }
}

/** Component label per model over rows with positive weight; −1 for components holding a held model. */
function gaugeLabels(n: number, rows: ControlledRows, weights: Float64Array | null, held: Uint8Array): Int32Array {
  let first = rows.a;
  let second = rows.b;
  if (weights) {
    const keep: number[] = [];
    for (let k = 0; k < rows.a.length; k++) if (weights[k]! > 0) keep.push(k);
    first = Int32Array.from(keep, (k) => rows.a[k]!);
    second = Int32Array.from(keep, (k) => rows.b[k]!);
  }
  const labels = connectedComponents(n, first, second, first.length);
  const pinned = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (held[i]) pinned[labels[i]!] = 1;
  for (let i = 0; i < n; i++) if (pinned[labels[i]!] || held[i]) labels[i] = -1;
  return labels;
}

function totalWeight(rows: ControlledRows, weights: Float64Array | null): number {
  if (!weights) return rows.a.length;
  let total = 0;
  for (let k = 0; k < weights.length; k++) total += weights[k]!;
  return total;
}

function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}
