export declare const SERVER_ENTRIES: readonly [
  'server/launch',
  'server/start-server',
  'server/leaderboard/ratings-worker',
  'server/leaderboard/controlled-worker',
  'server/meaning/weighted-fit-worker',
];
export type ServerEntry = (typeof SERVER_ENTRIES)[number];
export declare const BUILDS_DIR: string;
export declare const REPO_ROOT: string;
export declare function serverBuildDir(root?: string): string;
export declare function ensureServerBuilt(root?: string): Promise<{ dir: string; built: boolean }>;
