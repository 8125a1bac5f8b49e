/** The value after `--name` on a command line (`--models a,b`), or undefined when the option is absent. */
export function cliOption(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}
