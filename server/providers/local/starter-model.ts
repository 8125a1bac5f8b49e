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
 * Two sizes of one family, so the first run can hold a real battle: SmolLM2
 * 135M and 360M Instruct, Q4_K_M (Apache-2.0, ChatML template, 8192-token
 * context), 376 MB together. Each URL pins a repository commit, so the bytes
 * behind it, and so the checksum, cannot change.
 *
 * The size and SHA-256 were not hashed here (no network); each was checked
 * against public projects that pin the same file at the same commit:
 * - 135M: vicotrbb/ferrite docs/acceptance-matrix.md (revision, size, sha256),
 *   dustinmichels/share2cal model-manifest.json (size, sha256) and
 *   openpond/openpond examples/turnkey-agent/packaging/local-model/package.sh
 *   (revision, sha256).
 * - 360M: juan52878911/kindling pkg/von/catalog.go (revision, size, sha256),
 *   dustinmichels/share2cal model-manifest.json (size, sha256) and
 *   vicotrbb/ferrite's SmolLM2-360M benchmark notes (revision, size, blob id).
 * The downloader checks size and SHA-256 anyway and keeps nothing that differs.
 */
export const DEFAULT_STARTER_MODELS: StarterModel[] = [
  {
    label: 'SmolLM2 135M Instruct (Q4_K_M)',
    url: 'https://huggingface.co/bartowski/SmolLM2-135M-Instruct-GGUF/resolve/09816acd5d99df7be770d85ea30822623dab342c/SmolLM2-135M-Instruct-Q4_K_M.gguf',
    sha256: '2e8040ceae7815abe0dcb3540b9995eaa1fa0d2ca9e797d0a635ae4433c68c2d',
    sizeBytes: 105_454_432,
    fileName: 'SmolLM2-135M-Instruct-Q4_K_M.gguf',
    license: 'Apache-2.0',
  },
  {
    label: 'SmolLM2 360M Instruct (Q4_K_M)',
    url: 'https://huggingface.co/bartowski/SmolLM2-360M-Instruct-GGUF/resolve/7be6f65f1db715fe5dc5a4634c0d459b4eed42ec/SmolLM2-360M-Instruct-Q4_K_M.gguf',
    sha256: '2fa3f013dcdd7b99f9b237717fa0b12d75bbb89984cc1274be1471a465bac9c2',
    sizeBytes: 270_590_880,
    fileName: 'SmolLM2-360M-Instruct-Q4_K_M.gguf',
    license: 'Apache-2.0',
  },
];
