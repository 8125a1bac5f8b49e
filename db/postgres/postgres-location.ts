/** A PostgreSQL URL fit to print and log: server, port, database and schema, never the password. */
export function postgresLocation(url: string): string {
  try {
    const u = new URL(url);
    const schema = /search_path\s*=\s*([^\s,]+)/.exec(u.searchParams.get('options') ?? '')?.[1];
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `postgres://${user}${u.host}${u.pathname}${schema ? ` (schema ${schema})` : ''}`;
  } catch {
    return 'postgres://(an unreadable URL)';
  }
}
