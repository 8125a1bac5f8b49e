/** A small instruct GGUF fetched on first run when no provider and no model is found. */
export interface StarterModel {
  label: string;
  url: string;
  sha256: string;
  sizeBytes: number;
  /** Name under ./models. */
  fileName: string;
  license: string;
}

/**
 * SmolLM2 135M Instruct, Q8_0 (Apache-2.0): about 145 MB, fast on one CPU
 * thread, and it follows simple instructions. The URL pins a repository
 * revision, so the bytes behind it, and so the checksum, cannot change.
 * The checksum and size were taken from public projects that pin this exact
 * file; they were not verified against the hub from this network.
 */
export const DEFAULT_STARTER_MODEL: StarterModel = {
  label: 'SmolLM2 135M Instruct (Q8_0)',
  url: 'https://huggingface.co/Mungert/SmolLM2-135M-Instruct-GGUF/resolve/980b4318b34b2f20e60c89d8f8a98283ec83cbd6/SmolLM2-135M-Instruct-q8_0.gguf',
  sha256: 'bc64cce8e1c11e4ed870633b557e04af718249c817c4cf8a6784116144ec3e28',
  sizeBytes: 144_811_552,
  fileName: 'SmolLM2-135M-Instruct-q8_0.gguf',
  license: 'Apache-2.0',
};
