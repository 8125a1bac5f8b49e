/** The part of oidc-provider (which ships no types) the OpenID Connect browser test uses. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface Account {
    accountId: string;
    claims: () => Record<string, unknown>;
  }

  interface ProviderConfiguration {
    clients?: Record<string, unknown>[];
    findAccount?: (ctx: unknown, id: string) => Account | Promise<Account>;
    claims?: Record<string, string[]>;
    cookies?: { keys?: string[] };
    /** Seconds each artifact lives. */
    ttl?: Record<string, number>;
  }

  export default class Provider {
    constructor(issuer: string, configuration?: ProviderConfiguration);
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  }
}
