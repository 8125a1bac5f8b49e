import { connectedComponents } from './connected-components.ts';

/**
 * The pairs of models that have battled, as flat typed arrays, with the two
 * O(pairs) passes the Bradley–Terry solver needs (see bradley-terry-solver.ts
 * for f, θ and λ):
 *   g_i     = ∂f/∂θ_i = Σ_j w_ij − Σ_j n_ij·σ(θ_i − θ_j) − λ·θ_i
 *   −H_ii   = Σ_j n_ij·σ(θ_i − θ_j)·σ(θ_j − θ_i) + λ,   −H_ij = −n_ij·σ(θ_i−θ_j)·σ(θ_j−θ_i)
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
  private readonly rowWins: Float64Array; // Σ_j w_ij
  private readonly strength: Float64Array; // p_i
  private count = 0;
  totalWeight = 0;

  constructor(readonly n: number) {
    const max = (n * (n - 1)) / 2;
    this.first = new Int32Array(max);
    this.second = new Int32Array(max);
    this.battles = new Float64Array(max);
    this.rowWins = new Float64Array(n);
    this.strength = new Float64Array(n);
  }

  /** Read win weights w (n×n row-major). O(n²). */
  load(w: Float64Array): void {
    const { n } = this;
    let p = 0;
    let total = 0;
    this.rowWins.fill(0);
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
          total += wij + wji;
          p++;
        }
      }
    }
    this.count = p;
    this.totalWeight = total;
  }

  /** Writes g(θ) into g; returns ‖g‖². */
  gradient(theta: Float64Array, lambda: number, g: Float64Array): number {
    const { n, first, second, battles } = this;
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
    for (let i = 0; i < n; i++) norm += g[i]! * g[i]!;
    return norm;
  }

  /** Writes −H(θ) (lower triangle and diagonal; upper left 0) into hess. */
  negativeHessian(theta: Float64Array, lambda: number, hess: Float64Array): void {
    const { n, first, second, battles } = this;
    const strength = this.strengths(theta);
    hess.fill(0);
    for (let i = 0; i < n; i++) hess[i * n + i] = lambda;
    for (let p = 0; p < this.count; p++) {
      const i = first[p]!;
      const j = second[p]!;
      const inverse = 1 / (strength[i]! + strength[j]!);
      const h = battles[p]! * strength[i]! * inverse * strength[j]! * inverse; // n·σ(x)·σ(−x)
      hess[i * n + i]! += h;
      hess[j * n + j]! += h;
      hess[j * n + i]! -= h;
    }
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
