/** CI=true, CI=1 and the like; an empty or "false" CI is a developer's machine. */
export function onCi(env: Record<string, string | undefined>): boolean {
  const ci = env['CI']?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== '0' && ci !== 'false';
}
