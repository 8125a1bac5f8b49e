import { wordPattern } from './word-pattern.ts';

/**
 * Creative writing: the prompt asks for a story, poem, song, script or
 * other invented text.
 *
 * Creative writing when the prompt has both a writing verb and a creative
 * form, in any of English, German, French, Spanish, Portuguese, Italian,
 * Russian, Japanese, Chinese or Korean (write, compose, tell, invent, imagine;
 * schreibe, dichte, verfasse; écris, rédige, invente; escribe, redacta,
 * inventa; напиши, сочини, придумай; 書いて, 作って; 写, 创作, 编; 써 주세요), and
 * (story, poem, haiku, sonnet, limerick, lyrics, song, fairy tale, fable,
 * novel, screenplay, monologue; Geschichte, Gedicht, Märchen; histoire,
 * conte, poème; cuento, poema, relato; рассказ, стихотворение, сказка;
 * 物語, 小説, 詩, 俳句; 故事, 小说, 诗, 歌词; 이야기, 소설), or a story opening ("once upon
 * a time", "es war einmal", "il était une fois", "érase una vez",
 * "жили-были", "むかしむかし", "从前").
 * Both are needed because each alone is common elsewhere: "write a
 * function", "the history of Rome" (histoire/historia also mean history),
 * "explain this poem" (analysis, not writing).
 */
export function looksLikeCreativeWriting(text: string): boolean {
  if (OPENING.test(text)) return true;
  VERBS.lastIndex = 0;
  FORMS.lastIndex = 0;
  return VERBS.test(text) && FORMS.test(text);
}

const OPENING =
  /once upon a time|es war einmal|il était une fois|érase una vez|había una vez|c'era una volta|era uma vez|жили-были|むかしむかし|昔々|从前有|很久很久以前/i;

const VERBS = wordPattern(`
  write, writing, compose, tell me, invent, imagine, create a, come up with, draft a, schreib*, dichte, verfasse, erfinde, erzähl*,
  écris, écrivez, écrire, rédige*, compose, invente*, raconte*, imagine, escribe, escriba, escribir, redacta, compón, inventa,
  cuéntame, escreva, escrever, scrivi, scrivere, componi, напиши*, сочини*, придумай*, расскажи*, 書いて, 書け, 書く, 作って, 作成して, 創作, 考えて, 写,
  创作, 编一, 编个, 作一首,
  써 주세요, 써줘, 써 줘, 작성해, 지어 주세요, 지어줘
`);

const FORMS = wordPattern(`
  story, stories, short story, poem*, poetry, haiku*, sonnet*, limerick*, lyrics, song, songs, ballad*, fairy tale*, fable*, novel,
  chapter, screenplay*, monologue*, tale, tales, verse*, rap, fan fiction, fanfic*, geschichte*, kurzgeschichte*, gedicht*, märchen,
  liedtext*, erzählung*, fabel*, reim*, sonett*, histoire*, conte, contes, nouvelle, poème*, chanson*, fable*, sonnet*, cuento*,
  historia*, relato*, poema*, canción, canciones, fábula*, novela, soneto*, história*, conto, storia, poesia, poesía, canzone,
  рассказ*, истори*, стихотворени*, стих*, сказк*, песн*, басн*, роман, 物語, 小説, 詩, 俳句, 短歌, 歌詞, 童話, おとぎ話, ストーリー, 故事, 小说, 诗, 歌词, 童话, 寓言,
  剧本,
  이야기, 소설, 시를, 동화, 가사, 우화
`);
