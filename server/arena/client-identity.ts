import type { AddressFingerprint } from '../moderation/address-hasher.ts';

/** Who a connection is, as the arena needs it: battles belong to the session; votes record the user and the hashed address. */
export interface ClientIdentity {
  sessionHash: string;
  /** The signed-in user; null when nobody is signed in (local mode, or a connection without a session). */
  userId: string | null;
  /** Keyed hashes of the client's address; null when the address is unknown. */
  address: AddressFingerprint | null;
  /** The rate-limit bucket: the signed-in user where there is one, otherwise the address. */
  limitKey: string;
}
