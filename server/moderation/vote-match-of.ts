import type { VoteMatch } from '../../db/moderation-store.ts';
import type { VoidScope } from '../../shared/admin.ts';
import type { AddressHasher } from './address-hasher.ts';

/** What a void's scope matches in the database, or why it cannot be matched (a range the kept prefixes cannot express). */
export function voteMatchOf(scope: VoidScope, hasher: AddressHasher): VoteMatch | { error: string } {
  switch (scope.kind) {
    case 'battle':
      return { by: 'battles', battleIds: scope.battleIds };
    case 'session':
      return { by: 'session', sessionHash: scope.sessionHash };
    case 'user':
      return { by: 'user', userId: scope.userId };
    case 'address-hash':
      return { by: 'address-hash', addressHash: scope.addressHash };
    case 'address': {
      const r = hasher.rangeHashes(scope.cidr);
      return 'error' in r ? r : { by: 'address-prefixes', prefixHashes: r.hashes };
    }
    case 'window':
      return { by: 'time' };
  }
}
