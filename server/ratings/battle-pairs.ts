import { connectedComponents } from './connected-components.ts';

/**
 * The pairs of models that have battled, as flat typed arrays, with the
 * O(pairs) passes the Bradley–Terry solver needs (see bradley-terry-solver.ts
 * for f, θ, λ, the tilt t and held models):
 *   g_i     = ∂f/∂θ_i = W_i + t_i − Σ_j n_ij·σ(θ_i − θ_j) − λ·θ_i,   W_i = Σ_j w_ij
 *   −H_ii   = Σ_j n_ij·σ(θ_i − θ_j)·σ(θ_j − θ_i) + λ,   −H_ij = −n_ij·σ(θ_i−θ_j)·σ(θ_j−θ_i)
 *   ℓ(θ)    = Σ_{i<j} [ w_ij·log σ(θ_i − θ_j) + w_ji·log σ(θ_j − θ_i) ]   (no prior, no tilt)
 * A held model keeps its value: its gradient is 0 and its row and column of
 * −H are the identity's, so a Newton step is exactly the step of the smaller
 * problem over the free models (its battles still count for its opponents).
 * Only pairs with n_ij > 0 are stored, so sparse data costs less than n².
 * σ(θ_i − θ_j) = p_i / (p_i + p_j) with p_i = e^(θ_i − max θ): n exps per pass
 * instead of one per pair, no overflow, and both σ and 1 − σ = p_j / (p_i + p_j)
 * keep full relative precision (no 1 − σ cancellation). p is floored at e^−700
 * (a 120,000-point rating gap) so that p_i + p_j is never 0.
 */
export class BattlePairs {
  private readonly first: Int32Array;
  private readonly second: Int32Array;
  private readonly battles: Float64Array; // n_ij
  private readonly wins: Float64Array; // w_ij of first over second
  private readonly rowWins: Float64Array; // W_i + t_i
  private readonly strength: Float64Array; // p_i
  private count = 0;
  totalWeight = 0;
  /** 1 = held at its value (see above); all 0 unless hold() was called after load(). */
  readonly held: Uint8Array;

  constructor(readonly n: number) {
    const max = (n * (n - 1)) / 2;
    this.first = new Int32Array(max);
    this.second = new Int32Array(max);
    this.battles = new Float64Array(max);
    this.wins = new Float64Array(max);
    this.rowWins = new Float64Array(n);
    this.strength = new Float64Array(n);
    this.held = new Uint8Array(n);
  }

  /** Read win weights w (n×n row-major); clears any tilt and held models. O(n²). */
  load(w: Float64Array): void {
    const { n } = this;
    let p = 0;
    let total = 0;
    this.rowWins.fill(0);
    this.held.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const wij = w[i * n + j]!;
        const wji = w[j * n + i]!;
        this.rowWins[i]! += wij;
        this.rowWins[j]! += wji;
        if (wij + wji > 0) {
          this.first[p] = i;
          this.second[p] = j;
          this.battles[p] = wij + wji;
          this.wins[p] = wij;
          total += wij + wji;
          p++;
        }
      }
    }
    this.count = p;
    this.totalWeight = total;
  }

  /** Add t_i to each model's wins (phantom wins; negative values are phantom losses). */
  tilt(t: Float64Array): void {
    for (let i = 0; i < this.n; i++) this.rowWins[i]! += t[i]!;
  }

  hold(held: Uint8Array): void {
    this.held.set(held);
  }

  /** Writes g(θ) into g; returns ‖g‖². */
  gradient(theta: Float64Array, lambda: number, g: Float64Array): number {
    const { n, first, second, battles, held } = this;
    const strength = this.strengths(theta);
    for (let i = 0; i < n; i++) g[i] = this.rowWins[i]! - lambda * theta[i]!;
    for (let p = 0; p < this.count; p++) {
      const i = first[p]!;
      const j = second[p]!;
      const pi = strength[i]!;
      const pj = strength[j]!;
      const scale = battles[p]! / (pi + pj);
      g[i]! -= scale * pi; // n_ij·σ(θ_i − θ_j): expected wins of i
      g[j]! -= scale * pj;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      if (held[i]) g[i] = 0;
      norm += g[i]! * g[i]!;
    }
    return norm;
  }

  /** Writes −H(θ) (lower triangle and diagonal; upper left 0) into hess. */
  negativeHessian(theta: Float64Array, lambda: number, hess: Float64Array): void {
    const { n, first, second, battles, held } = this;
    const strength = this.strengths(theta);
    hess.fill(0);
    for (let i = 0; i < n; i++) hess[i * n + i] = held[i] ? 1 : lambda;
    for (let p = 0; p < this.count; p++) {
      const i = first[p]!;
      const j = second[p]!;
      const inverse = 1 / (strength[i]! + strength[j]!);
      const h = battles[p]! * strength[i]! * inverse * strength[j]! * inverse; // n·σ(x)·σ(−x)
      if (!held[i]) hess[i * n + i]! += h;
      if (!held[j]) hess[j * n + j]! += h;
      if (!held[i] && !held[j]) hess[j * n + i]! -= h;
    }
  }

  /** ℓ(θ), the log-likelihood of the loaded weights (tilt and prior left out). */
  logLikelihood(theta: Float64Array): number {
    let total = 0;
    for (let p = 0; p < this.count; p++) {
      const d = theta[this.first[p]!]! - theta[this.second[p]!]!;
      const w = this.wins[p]!;
      total += w * logSigmoid(d) + (this.battles[p]! - w) * logSigmoid(-d);
    }
    return total;
  }

  /** p_i = e^(θ_i − max θ), floored at e^−700. */
  private strengths(theta: Float64Array): Float64Array {
    let top = -Infinity;
    for (let i = 0; i < this.n; i++) top = Math.max(top, theta[i]!);
    for (let i = 0; i < this.n; i++) this.strength[i] = Math.exp(Math.max(theta[i]! - top, -700));
    return this.strength;
  }

  /** Connected-component label per model (connected-components.ts). */
  components(): Int32Array {
    return connectedComponents(this.n, this.first, this.second, this.count);
  }
}

/** log σ(x) without overflow or cancellation. */
function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}
