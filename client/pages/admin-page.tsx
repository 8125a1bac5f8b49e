import { useSignal } from '@preact/signals';
import type { AuthState } from '../../shared/auth.ts';
import { DataPanel } from '../components/admin/data-panel.tsx';
import { PeoplePanel } from '../components/admin/people-panel.tsx';
import { SuspiciousPanel } from '../components/admin/suspicious-panel.tsx';
import { VoidForm, type VoidPreset } from '../components/admin/void-form.tsx';
import { VoidsList } from '../components/admin/voids-list.tsx';
import { fetchInvites, fetchSuspicious, fetchUsers, fetchVoids } from '../lib/admin-api.ts';
import { useApiData } from '../lib/use-api-data.ts';

/** Moderation and administration: suspicious activity, voids, people, data. Loaded on first visit. */
export default function AdminPage({ auth }: { auth: AuthState }) {
  // Bumped after every change, so each list reloads with what the server now holds.
  const version = useSignal(0);
  const preset = useSignal<VoidPreset | null>(null);
  const changed = () => version.value++;
  const key = String(version.value);
  const suspicious = useApiData(`s${key}`, fetchSuspicious);
  const voids = useApiData(`v${key}`, fetchVoids);
  const users = useApiData(`u${key}`, fetchUsers);
  const invites = useApiData(`i${key}`, (signal) => (auth.mode === 'team' ? fetchInvites(signal) : Promise.resolve({ invites: [] })));
  const error = suspicious.error.value ?? voids.error.value ?? users.error.value ?? invites.error.value;
  return (
    <main class="page admin" id="main" tabIndex={-1}>
      <h1>Admin</h1>
      {error ? (
        <p class="notice" role="alert">
          {error}
        </p>
      ) : null}
      <div class="admin-grid">
        {suspicious.data.value ? <SuspiciousPanel data={suspicious.data.value} onVoid={(p) => (preset.value = p)} /> : null}
        <VoidForm preset={preset.value} onVoided={changed} />
        {voids.data.value ? <VoidsList voids={voids.data.value.voids} onChanged={changed} /> : null}
        {users.data.value && invites.data.value ? (
          <PeoplePanel auth={auth} users={users.data.value.users} invites={invites.data.value.invites} onChanged={changed} />
        ) : null}
        <DataPanel onImported={changed} />
      </div>
    </main>
  );
}
