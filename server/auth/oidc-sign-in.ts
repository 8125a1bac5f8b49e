import * as client from 'openid-client';
import type { OidcConfig } from '../config/access-config.ts';
import { ConfigError } from '../config/load-config.ts';
import type { OidcClaims } from './oidc-verdict.ts';

/** What the browser carries (in a signed, short-lived cookie) between leaving for the provider and coming back. */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export class OidcError extends Error {
  override name = 'OidcError';
}

/**
 * OpenID Connect sign-in as a relying party (openid-client): authorization
 * code flow with PKCE (S256), state and nonce. The provider's metadata is read
 * on first use and kept; a failed read is tried again on the next sign-in.
 */
export class OidcSignIn {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(
    private readonly cfg: OidcConfig,
    private readonly clientSecret: string | undefined,
  ) {
    const issuer = new URL(cfg.issuer);
    // Plain http only to a provider on this machine (development and tests): anything else would send codes and tokens in clear.
    if (issuer.protocol !== 'https:' && !LOOPBACK.has(issuer.hostname)) {
      throw new ConfigError(`access.oidc.issuer must be https (got ${cfg.issuer}); plain http is accepted only for a provider on loopback`);
    }
  }

  private config(): Promise<client.Configuration> {
    this.configuration ??= client
      .discovery(
        new URL(this.cfg.issuer),
        this.cfg.clientId,
        this.clientSecret,
        this.clientSecret ? client.ClientSecretBasic(this.clientSecret) : client.None(),
        new URL(this.cfg.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((e: unknown) => {
        this.configuration = undefined;
        throw new OidcError(`the identity provider at ${this.cfg.issuer} could not be reached: ${(e as Error).message}`);
      });
    return this.configuration;
  }

  /** The provider's URL to send the browser to, and what to remember until it comes back. */
  async start(redirectUri: string): Promise<{ url: string; flow: OidcFlow }> {
    const config = await this.config();
    const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.cfg.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url: url.href, flow };
  }

  /**
   * Exchanges the code for tokens, checks state, nonce and the ID token, and
   * returns the claims, completed from the userinfo endpoint when the ID
   * token leaves out email or name (many providers put only `sub` in it).
   */
  async finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcClaims> {
    const config = await this.config();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (e) {
      throw new OidcError(`the identity provider did not confirm the sign-in: ${(e as Error).message}`);
    }
    const idClaims = tokens.claims()!;
    let claims: OidcClaims = { ...idClaims };
    if ((claims.email === undefined || claims.name === undefined) && config.serverMetadata().userinfo_endpoint) {
      const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...claims, iss: idClaims.iss, sub: idClaims.sub };
    }
    return claims;
  }
}
