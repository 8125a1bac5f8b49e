import type { AuthStore } from '../../db/auth-store.ts';
import { openStore } from '../../db/open-store.ts';
import { InviteRequest } from '../../shared/admin.ts';
import { createInvite, inviteLink } from '../auth/invites.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import { loadConfig } from '../config/load-config.ts';
import { cliOption } from './cli-option.ts';

const USAGE = `usage:
  npm run admin -- invite [--admin] [--uses N] [--days D] [--label NAME]   a sign-in link (team mode); --admin for the first admin
  npm run admin -- users                                                  everyone who has signed in, with their role
  npm run admin -- role <user id or email> admin|voter                    change a role`;

/** Administration from the server's shell, against the configured database (SQLite or PostgreSQL): the way in for the first admin. */
async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const storage = await openStore(config);
  try {
    return await run(argv, config, storage.auth);
  } finally {
    await storage.close();
  }
}

async function run(argv: string[], config: ReturnType<typeof loadConfig>, store: AuthStore): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'invite') {
    if (config.access.mode !== 'team') {
      console.error(
        `Invite links are for access.mode "team"; this config says "${config.access.mode}".` +
          (config.access.mode === 'oidc' ? ' In oidc mode, name admins in access.oidc.adminEmails, adminSubjects or adminClaim.' : ''),
      );
      return 1;
    }
    const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
    const parsed = InviteRequest.safeParse({
      role: rest.includes('--admin') ? 'admin' : 'voter',
      uses: num(cliOption(rest, '--uses')),
      days: num(cliOption(rest, '--days')),
      label: cliOption(rest, '--label'),
    });
    if (!parsed.success) {
      console.error(formatZodError(parsed.error));
      return 1;
    }
    const { invite, token } = await createInvite(store, { ...parsed.data, createdBy: 'cli' });
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const base = config.publicOrigin ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
    const uses = invite.maxUses === 1 ? 'once' : `${invite.maxUses} times (one user each)`;
    console.log(inviteLink(base, token));
    console.error(
      `${invite.role} invite, usable ${uses}, until ${new Date(invite.expiresAt).toISOString()}. Only its hash is stored: copy the link now.`,
    );
    return 0;
  }
  if (command === 'users') {
    for (const u of await store.users()) console.log([u.id, u.role, u.provider, u.email ?? '-', u.name ?? '-'].join('\t'));
    return 0;
  }
  if (command === 'role' && rest[0] && (rest[1] === 'admin' || rest[1] === 'voter')) {
    const key = rest[0].toLowerCase();
    const user = (await store.users()).find((u) => u.id === rest[0] || u.email?.toLowerCase() === key);
    if (!user) {
      console.error(`No user "${rest[0]}" (they appear once they have signed in; see npm run admin -- users)`);
      return 1;
    }
    await store.setRole(user.id, rest[1]);
    console.error(`${user.name ?? user.email ?? user.id} is now ${rest[1]}`);
    return 0;
  }
  console.error(USAGE);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error((e as Error).message);
    process.exitCode = 1;
  },
);
