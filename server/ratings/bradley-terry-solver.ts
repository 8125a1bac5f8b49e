import { choleskyFactor, choleskySolve } from './cholesky.ts';
import { BattlePairs } from './battle-pairs.ts';

/**
 * Maximum a posteriori Bradley–Terry strengths by damped Newton–Raphson.
 *
 * Model, in natural units θ (rating = θ · 400 / ln 10, see fit-bradley-terry.ts):
 *   P(i beats j) = σ(θ_i − θ_j),  σ(x) = 1 / (1 + e^−x)
 *   log-posterior  f(θ) = Σ_{i<j} [ w_ij log σ(θ_i−θ_j) + w_ji log σ(θ_j−θ_i) ] − (λ/2) Σ_i θ_i²
 * with w_ij the win weights of pair-counts.ts. The prior term is a Gaussian
 * N(0, 1/λ) on each θ_i. Why it is there:
 *   - a model that never lost (or never won) has an infinite MLE; with the
 *     prior its θ is finite and still ordered above (below) the others;
 *   - the likelihood is unchanged by adding a constant to all θ of a connected
 *     component, so at the optimum ∂f/∂(shift) = −λ·Σ_component θ = 0: every
 *     component, including disconnected groups, is centred on 0 separately;
 *   - a model with no (resampled) votes sits at 0, the mean.
 * Default λ = 0.01 nats⁻² (prior sd ≈ 1737 rating points): the curvature of
 * 0.04 tied battles against an average model, negligible against real data.
 *
 * λ = 0 gives the plain MLE. The Newton matrix is then singular along each
 * component's shift, so 1_c·1_cᵀ is added per component c (a gauge fix: the
 * step then has zero mean per component and −H·d = g still holds). The MLE
 * only exists when, within each component, every split of the models into two
 * groups has wins both ways; otherwise ratings drift thousands of points out
 * until the gradient underflows, so λ = 0 is for tests and dense data.
 *
 * Iteration (Newton–Raphson on the gradient g = ∇f = 0, H = ∇²f):
 *   d = M⁻¹ g with M = −H Cholesky-factored (cholesky.ts),
 *   θ ← θ + t·d with t = 1, 1/2, ... until ‖g(θ + t·d)‖² ≤ (1 − 2·10⁻⁴ t)·‖g(θ)‖².
 * The merit ‖g‖² needs no logarithms (a pass costs one division per pair,
 * see battle-pairs.ts), which halves the cost of an iteration, and it is a
 * valid merit here: with λ > 0, −H ⪰ λI, so its only stationary point
 * is the optimum and the level sets are bounded; damped Newton on it
 * converges from any start, quadratically near the optimum.
 * M is refactorised at the current θ (a Newton step) unless the previous
 * factor still contracts the step size by at least MAX_CHORD_RATIO per step
 * (a chord step: no Hessian, no O(n³) work). That is the case near the
 * optimum, and in bootstrap rounds, which start from the full-data optimum and
 * its factor. If a chord step fails the line search, M is refactorised first.
 * Stop after a full step when the remaining error it implies is below
 * `tolerance` rating points: the step's largest rating change for a Newton
 * step, or size·r / (1 − r) for an observed contraction r < 1 between steps.
 */
export const NATS_TO_RATING = 400 / Math.LN10;
const MAX_CHORD_RATIO = 0.25;

export interface SolverOptions {
  priorStrength: number;
  /** Bound on the remaining error at convergence, in rating points. */
  tolerance: number;
  maxIterations: number;
}

export interface SolveResult {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
}

export class BradleyTerrySolver {
  private readonly pairs: BattlePairs;
  private g: Float64Array;
  private gTrial: Float64Array;
  private readonly hess: Float64Array;
  private readonly chol: Float64Array;
  private readonly step: Float64Array;
  private component: Int32Array | null = null;
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
   * Fit win weights w (n×n, w[i·n+j] = weight of i over j) from `start`
   * (default all 0). `factor`, when given, is a Cholesky factor of −H from a
   * nearby problem (hessianFactor), used instead of a first factorisation.
   * The returned theta is the solver's own buffer, valid until the next solve.
   */
  solve(weights: Float64Array, start?: Float64Array, factor?: Float64Array): SolveResult {
    const { n, pairs } = this;
    const { priorStrength: lambda, tolerance, maxIterations } = this.options;
    pairs.load(weights);
    let theta = this.thetaBuffer;
    let trial = this.trialBuffer;
    if (start) theta.set(start);
    else theta.fill(0);
    this.component = lambda > 0 ? null : pairs.components();
    // Below this ‖g‖² the gradient is rounding noise (sums of ~total-weight terms).
    const floor = (1e-11 * (1 + pairs.totalWeight)) ** 2;
    let gg = pairs.gradient(theta, lambda, this.g);
    let fresh = !factor;
    if (factor) this.chol.set(factor);
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
      if (t < 1 || ratio > MAX_CHORD_RATIO) {
        if (!this.refactor(theta)) return { theta, iterations: iteration, converged: false };
        fresh = true;
      }
    }
    return { theta, iterations: maxIterations, converged: false };
  }

  /** Cholesky factor of −H(θ) for weights w, to warm-start solves of nearby problems. */
  hessianFactor(weights: Float64Array, theta: Float64Array): Float64Array | null {
    this.pairs.load(weights);
    this.component = this.options.priorStrength > 0 ? null : this.pairs.components();
    return this.refactor(theta) ? Float64Array.from(this.chol) : null;
  }

  /** step = M⁻¹ g; returns its largest |component|. */
  private direction(): number {
    choleskySolve(this.chol, this.n, this.g, this.step);
    let largest = 0;
    for (let i = 0; i < this.n; i++) largest = Math.max(largest, Math.abs(this.step[i]!));
    return largest;
  }

  /** Cholesky of −H(θ) (+ gauge when λ = 0) into chol; a tiny ridge if rounding breaks it. */
  private refactor(theta: Float64Array): boolean {
    const { n, component } = this;
    this.pairs.negativeHessian(theta, this.options.priorStrength, this.hess);
    for (let ridge = 0; ridge <= 1e-6; ridge = ridge === 0 ? 1e-12 : ridge * 1e3) {
      this.chol.set(this.hess);
      for (let i = 0; i < n; i++) {
        this.chol[i * n + i]! += ridge * (1 + this.chol[i * n + i]!);
        if (component) for (let j = 0; j <= i; j++) if (component[i] === component[j]) this.chol[i * n + j]! += 1;
      }
      if (choleskyFactor(this.chol, n)) return true;
    }
    return false;
  }
}
