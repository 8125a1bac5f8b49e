/** Public API of the prompt classifiers (pure, deterministic, versioned). */
export {
  classifyPrompt,
  CLASSIFIER_VERSION,
  CATEGORIES,
  LONG_PROMPT_TOKENS,
  type Category,
  type PromptClassification,
} from './classify-prompt.ts';
export { detectLanguage, loadLanguageDetector, languageDetectorLoaded } from './detect-language.ts';
export { userTags, MAX_TAGS, MAX_TAG_LENGTH } from './user-tags.ts';
