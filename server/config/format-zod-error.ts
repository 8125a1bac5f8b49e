import type { z } from 'zod';

/** One line per problem, each naming the field by its path, e.g. `models[2].pricing.inputPerMTok: …`. */
export function formatZodError(err: z.ZodError, root = ''): string {
  return err.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
        root,
      );
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('\n');
}
