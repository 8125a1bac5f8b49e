import type { Category } from '../../server/categories/classify-prompt.ts';

/**
 * Hand-labelled prompts for the classifiers: what a person would file each
 * under, written before the rules were run on them (see the precision table
 * in docs/categories-and-control.md). Hard negatives are on purpose: maths
 * words in non-maths prompts, "write" without a story, "Python" the snake,
 * "histoire" the history.
 */
export interface LabelledPrompt {
  turns: string[];
  categories: Category[];
  /** Expected language; null = too short to tell. */
  language: string | null;
  tags?: string[];
}

const longEnglish = `Please review the following design document and list its risks.\n\n${'The service accepts uploads from customers, stores them in object storage, and indexes their metadata so that support staff can search by customer, date and type. '.repeat(14)}`;
const longGerman = `Bitte fasse den folgenden Bericht zusammen und nenne die wichtigsten Punkte.\n\n${'Der Umsatz stieg im dritten Quartal deutlich, während die Kosten für Logistik und Energie weiter zunahmen, sodass die Marge insgesamt leicht zurückging. '.repeat(16)}`;

export const LABELLED_PROMPTS: LabelledPrompt[] = [
  // English
  {
    turns: ['Write a short story about a lighthouse keeper who finds a message in a bottle.'],
    categories: ['creative-writing'],
    language: 'en',
  },
  { turns: ['How do I reverse a linked list in Python?'], categories: ['coding'], language: 'en' },
  { turns: ['Explain the difference between TCP and UDP.'], categories: [], language: 'en' },
  { turns: ['Solve for x: 3x + 7 = 22'], categories: ['math'], language: 'en' },
  { turns: ['What is the derivative of sin(x) * x^2?'], categories: ['math'], language: 'en' },
  { turns: ['Prove that there are infinitely many prime numbers.'], categories: ['math'], language: 'en' },
  { turns: ['Why does this crash?\n\n```js\nconst x = null;\nconsole.log(x.length);\n```'], categories: ['coding'], language: 'en' },
  {
    turns: ['I get this error:\nTraceback (most recent call last):\n  File "main.py", line 3\nKeyError: \'id\''],
    categories: ['coding'],
    language: 'en',
  },
  { turns: ['Write a haiku about autumn rain.'], categories: ['creative-writing'], language: 'en' },
  { turns: ['Write a cover letter for a junior accountant position.'], categories: [], language: 'en' },
  { turns: ['My pet python will not eat. What should I do?'], categories: [], language: 'en' },
  { turns: ['Summarise the main causes of the First World War.'], categories: [], language: 'en' },
  { turns: ['Explain what this poem means: "Do not go gentle into that good night".'], categories: [], language: 'en' },
  { turns: ['The integral part of our plan is customer trust. How do we communicate it?'], categories: [], language: 'en' },
  { turns: ['What is 1234 * 5678 + 91?'], categories: ['math'], language: 'en' },
  {
    turns: ['Write a SQL query that returns the ten customers with the highest total order value.'],
    categories: ['coding'],
    language: 'en',
  },
  {
    turns: ['Compose a sonnet in the style of Shakespeare about a broken phone. #poetry #fun'],
    categories: ['creative-writing'],
    language: 'en',
    tags: ['poetry', 'fun'],
  },
  { turns: ['Is `useEffect()` called twice in React strict mode? #frontend'], categories: ['coding'], language: 'en', tags: ['frontend'] },
  { turns: ['What is the probability of rolling two sixes with two dice?'], categories: ['math'], language: 'en' },
  { turns: ['Plan a three-day trip to Lisbon for a family with two kids.'], categories: [], language: 'en' },
  { turns: [longEnglish], categories: ['long-prompt'], language: 'en' },
  {
    turns: ['Tell me a joke.', 'Now tell me a story about a cat who wants to be a pilot.'],
    categories: ['creative-writing', 'multi-turn'],
    language: 'en',
  },
  { turns: ['Give me a recipe for pancakes.', 'Make it vegan.'], categories: ['multi-turn'], language: 'en' },
  { turns: ['In C#, how do I read a file line by line? #dotnet'], categories: ['coding'], language: 'en', tags: ['dotnet'] },
  { turns: ['Colour #fff on #c0ffee looks bad; suggest a palette for my #design work'], categories: [], language: 'en', tags: ['design'] },
  { turns: ['hi'], categories: [], language: null },
  // German
  {
    turns: ['Schreibe eine kurze Geschichte über einen Leuchtturmwärter, der eine Flaschenpost findet.'],
    categories: ['creative-writing'],
    language: 'de',
  },
  { turns: ['Wie kann ich in Python eine verkettete Liste umkehren?'], categories: ['coding'], language: 'de' },
  { turns: ['Löse die Gleichung 2x - 5 = 11 und erkläre jeden Schritt.'], categories: ['math'], language: 'de' },
  { turns: ['Erkläre mir bitte den Unterschied zwischen Wetter und Klima.'], categories: [], language: 'de' },
  {
    turns: ['Schreib ein Gedicht über den Herbst im Schwarzwald. #lyrik'],
    categories: ['creative-writing'],
    language: 'de',
    tags: ['lyrik'],
  },
  { turns: [longGerman], categories: ['long-prompt'], language: 'de' },
  {
    turns: ['Warum gibt diese Funktion undefined zurück?\n\n```ts\nfunction f() { return; }\n```'],
    categories: ['coding'],
    language: 'de',
  },
  // French
  { turns: ["Écris un poème sur la mer et le vent d'automne."], categories: ['creative-writing'], language: 'fr' },
  { turns: ['Comment inverser une liste chaînée en Python ?'], categories: ['coding'], language: 'fr' },
  { turns: ["Résume l'histoire de la Révolution française en cinq points."], categories: [], language: 'fr' },
  { turns: ['Calcule la dérivée de la fonction f(x) = 3x² + 2x.'], categories: ['math'], language: 'fr' },
  { turns: ['Quels sont les meilleurs fromages de Normandie ?'], categories: [], language: 'fr' },
  // Spanish
  {
    turns: ['Escribe un cuento corto sobre un farero que encuentra un mensaje en una botella.'],
    categories: ['creative-writing'],
    language: 'es',
  },
  { turns: ['¿Cómo puedo invertir una lista enlazada en Python?'], categories: ['coding'], language: 'es' },
  { turns: ['Resuelve la ecuación x^2 - 9 = 0 paso a paso.'], categories: ['math'], language: 'es' },
  { turns: ['Explica la historia de la Alhambra de Granada.'], categories: [], language: 'es' },
  { turns: ['¿Qué ropa debo llevar para un viaje a Noruega en invierno?'], categories: [], language: 'es' },
  // Japanese
  { turns: ['灯台守が瓶の中の手紙を見つける短い物語を書いてください。'], categories: ['creative-writing'], language: 'ja' },
  { turns: ['Pythonで連結リストを逆順にするにはどうすればいいですか？'], categories: ['coding'], language: 'ja' },
  { turns: ['サイコロを2回振って両方6が出る確率を計算してください。'], categories: ['math'], language: 'ja' },
  { turns: ['東京でおすすめの朝ごはんの店を教えてください。'], categories: [], language: 'ja' },
  // Chinese
  { turns: ['写一个关于灯塔看守人在瓶子里发现一封信的短篇故事。'], categories: ['creative-writing'], language: 'zh' },
  { turns: ['如何在Python中反转链表？请给出代码。'], categories: ['coding'], language: 'zh' },
  { turns: ['求解方程 2x + 3 = 11，并说明步骤。'], categories: ['math'], language: 'zh' },
  { turns: ['请解释一下中国春节的传统习俗。'], categories: [], language: 'zh' },
  // Russian
  {
    turns: ['Напиши короткий рассказ о смотрителе маяка, который нашёл письмо в бутылке.'],
    categories: ['creative-writing'],
    language: 'ru',
  },
  { turns: ['Как развернуть связный список в Python?'], categories: ['coding'], language: 'ru' },
  { turns: ['Реши уравнение 5x - 3 = 12 и объясни решение.'], categories: ['math'], language: 'ru' },
  { turns: ['Посоветуй, какие книги почитать о истории Древнего Рима.'], categories: [], language: 'ru' },
  // Others
  { turns: ['Scrivi una breve poesia sul mare di Sicilia.'], categories: ['creative-writing'], language: 'it' },
  { turns: ['Escreva uma função em JavaScript que ordene uma lista de números.'], categories: ['coding'], language: 'pt' },
  { turns: ['등대지기가 병 속의 편지를 발견하는 짧은 이야기를 써 주세요.'], categories: ['creative-writing'], language: 'ko' },
];
