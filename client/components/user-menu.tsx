import { useSignal } from '@preact/signals';
import type { AuthState } from '../../shared/auth.ts';
import { signOut } from '../lib/auth-api.ts';

/** Who is signed in, with a way out (team and oidc modes; local mode has no sign-in). */
export function UserMenu({ auth }: { auth: AuthState }) {
  const busy = useSignal(false);
  if (auth.mode === 'local' || !auth.user) return null;
  const who = auth.user.name ?? auth.user.email ?? 'Signed in';
  const out = () => {
    busy.value = true;
    // Whatever the answer, reload: the page then shows what the server thinks of this browser now.
    void signOut()
      .catch(() => {})
      .finally(() => window.location.assign('/'));
  };
  return (
    <span class="user-menu" data-testid="user-menu">
      <span class="user-name">{who}</span>
      {auth.user.role === 'admin' ? <span class="badge badge-role">admin</span> : null}
      <button type="button" class="btn btn-small btn-ghost" onClick={out} disabled={busy.value}>
        Sign out
      </button>
    </span>
  );
}
