import { useSignal } from '@preact/signals';
import type { AuthState } from '../../shared/auth.ts';
import { TOKEN_RE } from '../../shared/auth.ts';
import { OIDC_LOGIN_PATH, signInWithInvite, signInWithSecret } from '../lib/auth-api.ts';
import { joinTokenOf } from '../lib/router.ts';

/** Signed in: start over from the arena, so everything (the socket, the menu) follows the new session. */
const enter = () => window.location.assign('/');

function JoinForm({ token }: { token: string }) {
  const name = useSignal('');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const valid = TOKEN_RE.test(token);
  const submit = (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    signInWithInvite(token, name.value.trim() || undefined).then(enter, (err: Error) => {
      error.value = err.message;
      busy.value = false;
    });
  };
  return (
    <form class="card sign-in-card" onSubmit={submit} aria-labelledby="join-title">
      <h2 id="join-title">Join with your invite</h2>
      {valid ? null : (
        <p class="notice" role="alert">
          This link is not a complete invite: copy the whole link again.
        </p>
      )}
      <label class="field">
        <span>Your name (how admins will see you; optional)</span>
        <input value={name.value} maxLength={60} autoComplete="name" onInput={(e) => (name.value = e.currentTarget.value)} />
      </label>
      <button type="submit" class="btn btn-primary" disabled={!valid || busy.value}>
        Join
      </button>
      {error.value ? (
        <p class="notice" role="alert">
          {error.value}
        </p>
      ) : null}
    </form>
  );
}

function SecretForm() {
  const secret = useSignal('');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const submit = (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    signInWithSecret(secret.value).then(enter, (err: Error) => {
      error.value = err.message;
      busy.value = false;
    });
  };
  return (
    <form class="card sign-in-card" onSubmit={submit} aria-labelledby="secret-title">
      <h2 id="secret-title">Team secret</h2>
      <label class="field">
        <span>The secret your team shares</span>
        <input
          type="password"
          required
          autoComplete="current-password"
          value={secret.value}
          onInput={(e) => (secret.value = e.currentTarget.value)}
        />
      </label>
      <button type="submit" class="btn btn-primary" disabled={busy.value || secret.value === ''}>
        Sign in
      </button>
      {error.value ? (
        <p class="notice" role="alert">
          {error.value}
        </p>
      ) : null}
    </form>
  );
}

/** The way in: an invite being accepted, the team secret, or the organisation's identity provider. */
export default function SignInPage({ auth, hash }: { auth: AuthState; hash: string }) {
  const token = joinTokenOf(hash);
  const { signIn } = auth;
  return (
    <main class="page sign-in" id="main" tabIndex={-1}>
      <h1>Versus</h1>
      {auth.user && token ? (
        <p class="hint">You are signed in; joining with this invite signs you in as the invited person instead.</p>
      ) : null}
      {!auth.user && !token ? <p class="intro">This arena is for its team. Sign in to run battles and vote.</p> : null}
      {token && signIn.invite ? <JoinForm token={token} /> : null}
      {token && !signIn.invite ? (
        <p class="notice" role="alert">
          This server does not take invite links.
        </p>
      ) : null}
      {!token && signIn.oidc !== null ? (
        <div class="card sign-in-card">
          <a class="btn btn-primary" href={OIDC_LOGIN_PATH} data-testid="oidc-sign-in">
            Sign in with {signIn.oidc}
          </a>
        </div>
      ) : null}
      {!token && signIn.secret ? <SecretForm /> : null}
      {!token && signIn.invite ? <p class="hint">New here? Ask an admin for an invite link.</p> : null}
    </main>
  );
}
