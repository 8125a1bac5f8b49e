import * as OpenAISdk from 'openai';

/** The error classes toProviderError tells apart. Both SDKs are Stainless-generated and export the same four. */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error;
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
}

const families: SdkErrorClasses[] = [OpenAISdk];

/**
 * An SDK's errors can only exist once the SDK is loaded, so an SDK loaded on
 * first use (Anthropic's: about 0.3 s of start-up, 0.9 s through tsx) adds its
 * classes here as it loads, rather than every server importing it at start.
 */
export function registerSdkErrorClasses(sdk: SdkErrorClasses): void {
  if (!families.includes(sdk)) families.push(sdk);
}

/** Whether `err` is an instance of that class in any loaded SDK. */
export function isSdkError(err: unknown, cls: keyof SdkErrorClasses): boolean {
  return families.some((f) => err instanceof f[cls]);
}
