import { expect } from 'vitest';

/**
 * vitest's asymmetric matchers are typed `any`, so an object literal holding
 * one is no longer type-checked. These give each matcher the type of the
 * values it matches, and the literal around it keeps its checks.
 */
export const matching = (pattern: RegExp | string): string => expect.stringMatching(pattern) as string;
export const notMatching = (pattern: RegExp | string): string => expect.not.stringMatching(pattern) as string;
export const containing = (part: string): string => expect.stringContaining(part) as string;
export const objectWith = <T extends object>(subset: T): T => expect.objectContaining<T>(subset as never) as T;
export const arrayWith = <T>(items: T[]): T[] => expect.arrayContaining<T>(items as never) as T[];
export const anyNumber = (): number => expect.any(Number) as number;
export const anyString = (): string => expect.any(String) as string;
