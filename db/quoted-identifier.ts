/** A name as an SQL identifier, quoted ("…", an inner quote doubled): the same in SQLite and PostgreSQL. */
export const quotedIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
