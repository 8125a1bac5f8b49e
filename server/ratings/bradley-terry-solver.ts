import { choleskyFactor, choleskySolve } from './cholesky.ts';
import { BattlePairs } from './battle-pairs.ts';

/** Natural units (θ) to rating points: 400 / ln 10 (base 10, scale 400). */
export const NATS_TO_RATING = 400 / Math.LN10;
const MAX_CHORD_RATIO = 0.25;

export interface SolverOptions {
  /** λ of a Gaussian prior N(0, 1/λ) on every θ_i; 0 (the default everywhere) = plain maximum likelihood. */
  priorStrength: number;
  /** Bound on the remaining error at convergence, in rating points. */
  tolerance: number;
  maxIterations: number;
}

/** What one solve starts from and what it adds to the plain fit. */
export interface SolveInput {
  /** Starting θ (default all 0); held models keep their value from here. */
  start?: Float64Array;
  /** Cholesky factor of M from a nearby problem (hessianFactor), used instead of a first factorisation. */
  factor?: Float64Array | null;
  /** t: f gains the linear term t·θ (profile likelihood tilts, see profile-bound.ts). */
  tilt?: Float64Array;
  /** 1 = held at its start value (bootstrap rounds hold provisional models). */
  held?: Uint8Array;
  /** Keep a factor while it contracts steps at least this much (default MAX_CHORD_RATIO). */
  chordRatio?: number;
}

export interface SolveResult {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Bradley–Terry strengths by damped Newton–Raphson.
 *
 * Model, in natural units θ (rating = θ · 400 / ln 10, see anchor-ratings.ts):
 *   P(i beats j) = σ(θ_i − θ_j),  σ(x) = 1 / (1 + e^−x)
 *   f(θ) = ℓ(θ) − (λ/2) Σ_i θ_i² + t·θ,
 *   ℓ(θ) = Σ_{i<j} [ w_ij log σ(θ_i−θ_j) + w_ji log σ(θ_j−θ_i) ]
 * with w_ij the win weights of pair-counts.ts. The leaderboard uses λ = 0,
 * the plain maximum-likelihood fit: no prior decides anything. t = 0 except
 * in profile-likelihood searches (profile-bound.ts), and some models can be
 * held fixed (bootstrap-ratings.ts).
 *
 * With λ = 0 the likelihood is unchanged by adding a constant to all θ of a
 * connected component, so the Newton matrix is singular along each
 * component's shift; 1_c·1_cᵀ is added per component c that has no held
 * model (a gauge fix: the step then has zero mean per component and −H·d = g
 * still holds). A held model in a component pins its shift instead.
 *
 * Separated data: when some group of models never lost (or never won) to the
 * rest, the likelihood has no maximum; it keeps rising as the group moves
 * away. The iteration then walks the group out about one natural unit per
 * step until the gradient is rounding noise (the stopping rule below), some
 * 20 to 30 units away, where its battles add under 10⁻⁹ to ℓ. Those ratings
 * are artefacts and are never shown: which ratings are unbounded is decided
 * exactly from the graph of wins (beat-graph.ts), and shown as open bounds.
 *
 * Iteration (Newton–Raphson on the gradient g = ∇f = 0, H = ∇²f):
 *   d = M⁻¹ g with M = −H (+ gauge) Cholesky-factored (cholesky.ts),
 *   θ ← θ + t·d with t = 1, 1/2, ... until ‖g(θ + t·d)‖² ≤ (1 − 2·10⁻⁴ t)·‖g(θ)‖².
 * The merit ‖g‖² needs no logarithms (a pass costs one division per pair,
 * see battle-pairs.ts), which halves the cost of an iteration; f is concave,
 * so its only stationary points are maxima, and damped Newton on ‖g‖²
 * converges quadratically near one.
 * M is refactorised at the current θ (a Newton step) unless the previous
 * factor still contracts the step size by at least MAX_CHORD_RATIO per step
 * (a chord step: no Hessian, no O(n³) work). That is the case near the
 * optimum, and in bootstrap rounds, which start from the full-data optimum and
 * its factor. If a chord step fails the line search, M is refactorised first.
 * Stop when ‖g‖ is rounding noise, or after a full step when the remaining
 * error it implies is below `tolerance` rating points: the step's largest
 * rating change for a Newton step, or size·r / (1 − r) for an observed
 * contraction r < 1 between steps.
 */
export class BradleyTerrySolver {
  private readonly pairs: BattlePairs;
  private g: Float64Array;
  private gTrial: Float64Array;
  private readonly hess: Float64Array;
  private readonly chol: Float64Array;
  private readonly step: Float64Array;
  /** Gauge label per model (models sharing a label get 1·1ᵀ; −1 none), null for none at all, undefined until needed. */
  private gauge: Int32Array | null | undefined = undefined;
  private thetaBuffer: Float64Array;
  private trialBuffer: Float64Array;

  constructor(
    readonly n: number,
    private readonly options: SolverOptions,
  ) {
    this.pairs = new BattlePairs(n);
    this.g = new Float64Array(n);
    this.gTrial = new Float64Array(n);
    this.hess = new Float64Array(n * n);
    this.chol = new Float64Array(n * n);
    this.step = new Float64Array(n);
    this.thetaBuffer = new Float64Array(n);
    this.trialBuffer = new Float64Array(n);
  }

  /**
   * Fit win weights w (n×n, w[i·n+j] = weight of i over j). The returned
   * theta is the solver's own buffer, valid until the next solve.
   */
  solve(weights: Float64Array, input: SolveInput = {}): SolveResult {
    const { n, pairs } = this;
    const { tolerance, maxIterations } = this.options;
    const lambda = this.options.priorStrength;
    const chordRatio = input.chordRatio ?? MAX_CHORD_RATIO;
    this.load(weights, input);
    let theta = this.thetaBuffer;
    let trial = this.trialBuffer;
    if (input.start) theta.set(input.start);
    else theta.fill(0);
    // Below this ‖g‖² the gradient is rounding noise (sums of ~total-weight terms).
    const floor = (1e-11 * (1 + pairs.totalWeight)) ** 2;
    let gg = pairs.gradient(theta, lambda, this.g);
    let fresh = !input.factor;
    if (input.factor) this.chol.set(input.factor);
    else if (!this.refactor(theta)) return { theta, iterations: 0, converged: false };
    let previous = NaN; // last full step (nats); NaN = unknown
    for (let iteration = 1; iteration <= maxIterations; iteration++) {
      if (gg <= floor) return { theta, iterations: iteration - 1, converged: true };
      let largest = this.direction();
      let t = 1;
      let newton = fresh; // whether this step's factor is −H at this θ
      for (;;) {
        for (let i = 0; i < n; i++) trial[i] = theta[i]! + t * this.step[i]!;
        const ggTrial = pairs.gradient(trial, lambda, this.gTrial);
        if (ggTrial <= (1 - 2e-4 * t) * gg || ggTrial <= floor) {
          gg = ggTrial;
          break;
        }
        if (!fresh) {
          // A stale factor gave a poor direction: take a true Newton step instead.
          if (!this.refactor(theta)) return { theta, iterations: iteration, converged: false };
          fresh = newton = true;
          largest = this.direction();
          t = 1;
          continue;
        }
        t *= 0.5;
        if (t < 1e-12) return { theta, iterations: iteration, converged: false };
      }
      [theta, trial] = [trial, theta];
      [this.thetaBuffer, this.trialBuffer] = [theta, trial];
      [this.g, this.gTrial] = [this.gTrial, this.g];
      fresh = false;
      const size = t * largest;
      const ratio = size / previous; // observed contraction; NaN if unknown
      previous = t === 1 ? size : NaN;
      // A Newton step's size bounds the remaining error near the optimum; a
      // chord step's does not (a stiff stale factor takes short steps), so
      // chord steps stop on the contraction-based bound only.
      const remaining = Math.min(newton ? size : Infinity, ratio < 1 ? (size * ratio) / (1 - ratio) : Infinity);
      if (t === 1 && remaining * NATS_TO_RATING < tolerance) return { theta, iterations: iteration, converged: true };
      if (t < 1 || ratio > chordRatio) {
        if (!this.refactor(theta)) return { theta, iterations: iteration, converged: false };
        fresh = true;
      }
    }
    return { theta, iterations: maxIterations, converged: false };
  }

  /** Cholesky factor of M at θ for these weights (and held models), to warm-start solves of nearby problems. */
  hessianFactor(weights: Float64Array, theta: Float64Array, held?: Uint8Array): Float64Array | null {
    this.load(weights, held ? { held } : {});
    return this.refactor(theta) ? Float64Array.from(this.chol) : null;
  }

  /** A copy of the factor the last solve ended with (taken at or near its solution). */
  currentFactor(): Float64Array {
    return Float64Array.from(this.chol);
  }

  /** ℓ(θ) of the weights of the last solve or hessianFactor (battle-pairs.ts). */
  logLikelihood(theta: Float64Array): number {
    return this.pairs.logLikelihood(theta);
  }

  /**
   * cᵀM⁻¹c with a factor of M (default: the last one): for a contrast c summing
   * to 0 over each component, the variance of c·θ the curvature there implies.
   */
  contrastVariance(c: Float64Array, factor: Float64Array = this.chol): number {
    const x = new Float64Array(this.n);
    choleskySolve(factor, this.n, c, x);
    let v = 0;
    for (let i = 0; i < this.n; i++) v += c[i]! * x[i]!;
    return v;
  }

  private load(weights: Float64Array, input: SolveInput): void {
    const { pairs } = this;
    pairs.load(weights);
    if (input.tilt) pairs.tilt(input.tilt);
    if (input.held) pairs.hold(input.held);
    this.gauge = undefined; // worked out at the next refactorisation: chord-only solves never need it
  }

  /** Gauge labels for the loaded problem (null with a prior): components without a held model. */
  private gaugeLabels(): Int32Array | null {
    if (this.gauge !== undefined) return this.gauge;
    const { pairs, n } = this;
    if (this.options.priorStrength > 0) return (this.gauge = null);
    const gauge = pairs.components();
    const pinned = new Uint8Array(n); // components holding a held model need no gauge
    for (let i = 0; i < n; i++) if (pairs.held[i]) pinned[gauge[i]!] = 1;
    for (let i = 0; i < n; i++) if (pinned[gauge[i]!] || pairs.held[i]) gauge[i] = -1;
    return (this.gauge = gauge);
  }

  /** step = M⁻¹ g; returns its largest |component|. */
  private direction(): number {
    choleskySolve(this.chol, this.n, this.g, this.step);
    let largest = 0;
    for (let i = 0; i < this.n; i++) largest = Math.max(largest, Math.abs(this.step[i]!));
    return largest;
  }

  /** Cholesky of M = −H(θ) (+ gauge) into chol; a tiny ridge if rounding breaks it. */
  private refactor(theta: Float64Array): boolean {
    const { n } = this;
    const gauge = this.gaugeLabels();
    this.pairs.negativeHessian(theta, this.options.priorStrength, this.hess);
    for (let ridge = 0; ridge <= 1e-6; ridge = ridge === 0 ? 1e-12 : ridge * 1e3) {
      this.chol.set(this.hess);
      for (let i = 0; i < n; i++) {
        this.chol[i * n + i]! += ridge * (1 + this.chol[i * n + i]!);
        if (gauge && gauge[i]! >= 0) for (let j = 0; j <= i; j++) if (gauge[i] === gauge[j]) this.chol[i * n + j]! += 1;
      }
      if (choleskyFactor(this.chol, n)) return true;
    }
    return false;
  }
}
