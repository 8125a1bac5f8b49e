import { fencedCodeBlocks } from './fenced-code-blocks.ts';
import { distinctMatches, wordPattern } from './word-pattern.ts';

/**
 * Coding: the prompt is about writing, reading or fixing software.
 *
 * Coding when any strong sign is present:
 * - a fenced code block (fenced-code-blocks.ts);
 * - at least CODE_LINES lines that look like code (CODE_LINE: a line ending
 *   in `;`, `{` or `}`, or starting with a declaration or statement keyword of
 *   a common language: def, class, import, #include, function, const, let,
 *   fn, public, SELECT … FROM, …);
 * - an error trace (Traceback, "Exception in thread", `TypeError:`,
 *   "segmentation fault", `npm ERR!`, `error[E…]`, "at X (file:line)");
 * - inline code that holds code (`foo()`, `a.b`, `x = 1`, `--flag`);
 * - the name of a programming language or tool that means nothing else
 *   (TypeScript, JavaScript, C++, C#, Kotlin, Haskell, SQL, regex, NumPy,
 *   Kubernetes, …);
 * or when at least two different weak signs are: names of programming
 * languages and tools that are also ordinary words (Python, Java, Rust, Go
 * is left out entirely, Ruby, Swift, React, Docker, pandas, …), programming
 * words in English, German, French, Spanish, Portuguese, Italian, Russian,
 * Japanese and Chinese (function, Funktion, fonction, función, функция,
 * 関数, 函数; linked list, bug, compile, algorithm, …), a call or method like
 * dotted or camelCase call or a snake_case name (`obj.method(`, `getUser(`,
 * parse_args), a source-file name (main.py, app.tsx). Plain f(x) is maths.
 * One weak sign is not enough ("a poem about a python", "the history of Java
 * island"); two are rarely an accident.
 */
export function looksLikeCoding(text: string): boolean {
  if (fencedCodeBlocks(text) > 0) return true;
  let codeLines = 0;
  for (const line of text.split('\n')) if (CODE_LINE.test(line) && ++codeLines >= CODE_LINES) return true;
  if (TRACE.test(text)) return true;
  for (const m of text.matchAll(INLINE_CODE)) if (CODE_INSIDE.test(m[1]!)) return true;
  if (UNAMBIGUOUS_NAMES.test(text)) return true;
  const weak = distinctMatches(NAMES, text).size + distinctMatches(WORDS, text).size;
  const calls = CALL.test(text) ? 1 : 0;
  const files = SOURCE_FILE.test(text) ? 1 : 0;
  return weak + calls + files >= 2;
}

/** Lines that look like code before a prompt counts as coding without a fence. */
export const CODE_LINES = 2;

const CODE_LINE =
  /^\s*(?:(?:def|class|import|from\s+\S+\s+import|function|const|let|var|fn|func|pub\s+fn|public|private|protected|package|using|namespace|return|#include|#define|async\s+function|interface|struct|enum|impl|module\.exports|export\s+(?:default|const|function|class))\b.*|(?:SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|CREATE\s+TABLE|ALTER\s+TABLE)\b.*|.*[;{]\s*|\s*}[);,]?\s*)$/;
const TRACE =
  /Traceback \(most recent call last\)|Exception in thread|\b[A-Z][a-zA-Z]*(?:Error|Exception): |segmentation fault|npm ERR!|error\[E\d+\]|^\s+at \S+ \(\S+:\d+:\d+\)/m;
const INLINE_CODE = /`([^`\n]+)`/g;
const CODE_INSIDE = /\w\(|\)\s*$|\w\.\w|\w\s*=\s*\S|^--?\w|[{}[\];<>]|::|=>|->/;
const CALL = /\b(?:[A-Za-z_]\w*\.)+[A-Za-z_]\w*\(|\b[a-z]+_[a-z0-9_]*[a-z0-9]\b|\b[a-z]+[A-Z]\w*\(/;
const SOURCE_FILE =
  /\b[\w-]+\.(?:py|js|mjs|cjs|ts|tsx|jsx|rs|go|java|kt|cpp|cc|hpp|c|h|cs|rb|php|swift|sh|sql|ipynb|yaml|yml|toml|dockerfile)\b/i;

const UNAMBIGUOUS_NAMES = new RegExp(
  wordPattern(`
  javascript, typescript, node.js, nodejs, kotlin, c++, c#, golang, php, haskell, clojure, matlab, fortran, cobol, sql, sqlite,
  postgresql, mysql, mongodb, powershell, regex, regexp, django, fastapi, kubernetes, k8s, terraform, github, numpy, pytorch,
  tensorflow, graphql, webpack, webassembly, stack overflow
`).source,
  'iu',
);

const NAMES = wordPattern(`
  python, java, rust, ruby, perl, scala, elixir, erlang, lua, postgres, redis, bash, zsh, html, css, react, vue, angular, svelte,
  flask, spring boot, docker*, git, pandas, json, yaml, vite, npm, pip, linux kernel, llvm, wasm
`);

const WORDS = wordPattern(`
  function*, source code, code snippet, bug, bugs, debug*, compil*, algorithm*, linked list, array*, hashmap, hash map, recursion,
  recursive, refactor*, unit test*, stack trace, api, endpoint*, database, query, queries, script, program, programm*, implement*,
  binary tree, data structure*, repository, pull request, code
  funktion*, quellcode, verkettete liste, fehlermeldung, kompilier*, algorithmus, datenbank, programmier*, implementier*, schleife,
  rekursi*, variable
  fonction*, liste chaînée, tableau, compilat*, algorithme*, base de données, programmation, boucle, requête, implémente*
  función, funciones, função, funzione, lista enlazada, lista ligada, lista collegata, código, codice, arreglo, algoritmo*,
  base de datos, banco de dados, programación, programação, programmazione, bucle, depura*, compila*, implementa*
  функци*, код, кода, коде, связный список, связного списка, массив*, алгоритм*, компил*, программ*, отлад*, база данных, цикл,
  рекурси*
  関数, コード, 連結リスト, 配列, アルゴリズム, プログラム, コンパイル, デバッグ, バグ, データベース, ループ, 再帰, 実装, 函数, 代码, 链表, 数组, 算法, 程序, 编译, 调试, 数据库, 循环, 递归, 实现, 编程
`);
