import { useSignal } from '@preact/signals';
import type { InviteCreated, InviteEntry, UserEntry } from '../../../shared/admin.ts';
import type { AuthState, Role } from '../../../shared/auth.ts';
import { createInvite, revokeInvite, setRole } from '../../lib/admin-api.ts';
import { formatCount } from '../../lib/format.ts';

const day = (ms: number) => new Date(ms).toLocaleDateString();

function InviteMaker({ onMade }: { onMade: () => void }) {
  const role = useSignal<Role>('voter');
  const uses = useSignal(1);
  const label = useSignal('');
  const made = useSignal<InviteCreated | null>(null);
  const error = useSignal<string | null>(null);
  const make = (e: Event) => {
    e.preventDefault();
    error.value = null;
    createInvite({ role: role.value, uses: uses.value, ...(label.value.trim() ? { label: label.value.trim() } : {}) }).then(
      (r) => {
        // The server sends a path-less link when it does not know its public address; this page does.
        made.value = { ...r, link: r.link.startsWith('/') ? `${location.origin}${r.link}` : r.link };
        onMade();
      },
      (err: Error) => (error.value = err.message),
    );
  };
  return (
    <form class="admin-form" onSubmit={make}>
      <div class="admin-fields">
        <label class="field">
          <span>Role</span>
          <select value={role.value} onChange={(e) => (role.value = e.currentTarget.value as Role)}>
            <option value="voter">voter</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label class="field">
          <span>People who may use it</span>
          <input type="number" min={1} max={1000} value={uses.value} onInput={(e) => (uses.value = Number(e.currentTarget.value))} />
        </label>
        <label class="field field-wide">
          <span>Label (optional, e.g. who it is for)</span>
          <input maxLength={60} value={label.value} onInput={(e) => (label.value = e.currentTarget.value)} />
        </label>
      </div>
      <button type="submit" class="btn btn-primary">
        Make invite link
      </button>
      {made.value ? (
        <p class="hint" role="status">
          Copy it now, it is shown once: <code class="invite-link">{made.value.link}</code>
        </p>
      ) : null}
      {error.value ? (
        <p class="notice" role="alert">
          {error.value}
        </p>
      ) : null}
    </form>
  );
}

/** Users and their roles; in team mode, invite links too. */
export function PeoplePanel({
  auth,
  users,
  invites,
  onChanged,
}: {
  auth: AuthState;
  users: UserEntry[];
  invites: InviteEntry[];
  onChanged: () => void;
}) {
  const error = useSignal<string | null>(null);
  const fail = (e: Error) => (error.value = e.message);
  return (
    <section class="card" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      {error.value ? (
        <p class="notice" role="alert">
          {error.value}
        </p>
      ) : null}
      {auth.mode === 'local' ? <p class="hint">Local mode has no sign-in: whoever uses this machine is the admin.</p> : null}
      {users.length === 0 ? null : (
        <div class="table-wrap">
          <table class="leaderboard admin-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Signed in with</th>
                <th class="num">Votes</th>
                <th>Since</th>
                <th>Role</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td title={u.id}>{u.name ?? u.email ?? u.id}</td>
                  <td>{u.provider}</td>
                  <td class="num">{formatCount(u.votes)}</td>
                  <td>{day(u.createdAt)}</td>
                  <td>
                    {u.adminByProvider ? <span class="badge badge-role">admin by identity provider</span> : null}
                    <select
                      aria-label={`Role of ${u.name ?? u.id}`}
                      value={u.role}
                      disabled={u.id === auth.user?.id}
                      onChange={(e) => void setRole(u.id, e.currentTarget.value as Role).then(onChanged, fail)}
                    >
                      <option value="voter">voter</option>
                      <option value="admin">admin</option>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {auth.mode === 'team' ? (
        <>
          <h3>Invite links</h3>
          <InviteMaker onMade={onChanged} />
          {invites.length === 0 ? null : (
            <ul class="void-list">
              {invites.map((i) => (
                <li key={i.id}>
                  {i.label ?? 'unlabelled'} · {i.role} · used {i.uses} of {i.maxUses} · until {day(i.expiresAt)}
                  {i.revoked ? (
                    <span class="muted"> · revoked</span>
                  ) : i.uses < i.maxUses ? (
                    <button type="button" class="btn btn-small btn-ghost" onClick={() => void revokeInvite(i.id).then(onChanged, fail)}>
                      Revoke
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}
