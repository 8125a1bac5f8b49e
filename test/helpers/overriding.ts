/**
 * The object with some methods replaced and everything else its own: a store whose one call a test holds, counts or
 * fakes. Built on the object as prototype, so the methods left alone run with what they need of `this`.
 */
export function overriding<T extends object>(base: T, methods: Partial<T>): T {
  return Object.assign(Object.create(base) as T, methods);
}
