import { distinctMatches, wordPattern } from './word-pattern.ts';

/**
 * Math: the prompt asks to compute, solve or prove something mathematical.
 *
 * Math when any strong sign is present:
 * - TeX maths: \frac, \int, \sum, \sqrt, \lim, \begin{equation|align}, or a
 *   $…$ span holding ^, _ or a backslash command;
 * - the symbols ∫ ∑ ∏ √ ∂ ∞ ≤ ≥ ≠ ≈ ±;
 * - an equation or inequality in one variable: a term like 3x, x^2, x² next
 *   to an operator, and a relation sign (=, <, >) with a number or term on
 *   the other side ("3x + 7 = 22", "x^2 - 4 = 0", "2y > 5");
 * - arithmetic with at least two operators between numbers
 *   ("12 + 7 * 3", "what is 1234 × 5678 ÷ 2");
 * or when at least two different weak signs are: maths words in English,
 * German, French, Spanish, Portuguese, Italian, Russian, Japanese and
 * Chinese (equation, Gleichung, équation, ecuación, уравнение, 方程式,
 * 方程; derivative, integral, probability, prove, theorem, matrix, prime,
 * polynomial, calculate…), a function of a variable (sin(x), log(n), f(x)),
 * one arithmetic operation between numbers ("17 * 23").
 * One maths word alone ("the integral part of the plan", "a matrix
 * organisation") is not enough.
 */
export function looksLikeMath(text: string): boolean {
  if (TEX.test(text) || SYMBOLS.test(text) || EQUATION.test(text) || ARITHMETIC.test(text)) return true;
  const weak = distinctMatches(WORDS, text).size + (FUNCTION_OF.test(text) ? 1 : 0) + (ONE_OPERATION.test(text) ? 1 : 0);
  return weak >= 2;
}

const TEX =
  /\\(?:frac|int|iint|sum|prod|sqrt|lim|partial|infty|cdot|times|binom|mathbb|begin\{(?:equation|align|matrix|pmatrix|bmatrix)\})|\$[^$\n]*[\\^_][^$\n]*\$/;
const SYMBOLS = /[∫∑∏√∂∞≤≥≠≈±]/;
const TERM = String.raw`(?:\d*\.?\d*\s*[a-zA-Z](?:\s*(?:\^\s*\d+|[²³]))?)`;
const EQUATION = new RegExp(
  String.raw`(?<![\p{L}])(?:\d+\s*[a-zA-Z]|[a-zA-Z]\s*(?:\^\s*\d+|[²³]))(?![\p{L}])\s*(?:[-+*/]\s*${TERM}?\s*\d*\s*)*[=<>]\s*-?\s*(?:\d|${TERM}(?![\p{L}]))`,
  'u',
);
const ARITHMETIC = /\d+(?:\.\d+)?\s*[-+*/×÷^]\s*\d+(?:\.\d+)?\s*[-+*/×÷^]\s*\d+/;
const ONE_OPERATION = /\d+(?:\.\d+)?\s*[+*/×÷^]\s*\d+/;
const FUNCTION_OF = /(?<![\p{L}])(?:sin|cos|tan|log|ln|exp|sqrt|f|g)\s*\(\s*[a-z]\s*\)/u;

const WORDS = wordPattern(`
  equation*, solve, solving, derivative*, differentiate, integral*, integrate, probabilit*, prove, proof, theorem*, lemma, matrix,
  matrices, eigen*, prime number*, primes, polynomial*, logarithm*, calculus, algebra*, geometry, trigonometr*, triangle*, hypotenuse,
  calculate, compute, arithmetic, factorial, fraction*, percent*, quadratic, vector*, statistic*, variance, expected value
  gleichung*, löse, lösen, ableitung*, integral, wahrscheinlichkeit*, beweise, beweis, satz des, matrix, primzahl*, polynom*,
  logarithmus, berechne*, dreieck*, bruch, brüche, prozent
  équation*, résous, résoudre, dérivée*, intégrale*, probabilité*, démontre*, démonstration, théorème*, matrice*, nombre premier,
  nombres premiers, polynôme*, logarithme*, calcule*, triangle, pourcentage
  ecuación, ecuaciones, equação, equazione, resuelve, resolver, derivada*, integral, probabilidad*, probabilidade*, probabilità,
  demuestra, demostrar, teorema*, matriz, número primo, números primos, polinomio*, logaritmo*, calcula*, triángulo*, porcentaje
  уравнени*, реши, решите, производн*, интеграл*, вероятност*, докажи*, докажите, теорем*, матриц*, простое число, простых чисел,
  многочлен*, логарифм*, вычисли*, треугольник*, процент*
  方程式, 解いて, 解け, 微分, 積分, 確率, 証明, 定理, 行列, 素数, 多項式, 対数, 計算, 三角形, 方程, 求解, 导数, 积分, 概率, 证明, 矩阵, 质数, 素数, 多项式, 对数, 计算, 三角形
`);
