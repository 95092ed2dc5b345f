// Loads the Authenticator plugin named in configuration: `builtin:<name>` for a plugin shipped in
// server/src/plugins/, a file path, or a package name. Fails at start with a clear message.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Authenticator, AuthenticatorContext, AuthenticatorFactory } from './authenticator.js';

export class PluginLoadError extends Error {
  readonly code = 'ERR_PLUGIN_LOAD';
}

const BUILTINS: Record<string, () => Promise<unknown>> = {
  'mock-identity': () => import('../plugins/mock-identity/index.js'),
};

const REQUIRED_METHODS = [
  'kycAuth',
  'kycExchange',
  'sendOtp',
  'supportedOtpChannels',
  'supportedAuthFactors',
  'signingKeys',
  'supportedClaims',
] as const;

export async function loadAuthenticator(
  spec: string,
  context: AuthenticatorContext,
  options?: unknown,
): Promise<Authenticator> {
  let mod: unknown;
  try {
    if (spec.startsWith('builtin:')) {
      const load = BUILTINS[spec.slice('builtin:'.length)];
      if (!load) throw new Error(`no built-in plugin of that name (built-in: ${Object.keys(BUILTINS).join(', ')})`);
      mod = await load();
    } else if (spec.startsWith('.') || spec.startsWith('/')) {
      mod = await import(pathToFileURL(path.resolve(spec)).href);
    } else {
      mod = await import(spec);
    }
  } catch (e) {
    throw new PluginLoadError(`authenticator plugin "${spec}" could not be loaded: ${(e as Error).message}`);
  }
  const m = mod as { default?: unknown; createAuthenticator?: unknown };
  const factory = (typeof m.createAuthenticator === 'function' ? m.createAuthenticator : m.default) as
    AuthenticatorFactory | undefined;
  if (typeof factory !== 'function') {
    throw new PluginLoadError(
      `authenticator plugin "${spec}" must export a factory function (default export or createAuthenticator)`,
    );
  }
  let instance: Authenticator;
  try {
    instance = await factory(context, options);
  } catch (e) {
    throw new PluginLoadError(`authenticator plugin "${spec}" failed to start: ${(e as Error).message}`);
  }
  const missing = REQUIRED_METHODS.filter(
    (k) => typeof (instance as unknown as Record<string, unknown>)?.[k] !== 'function',
  );
  if (missing.length > 0 || typeof instance?.name !== 'string') {
    throw new PluginLoadError(
      `authenticator plugin "${spec}" does not satisfy the Authenticator interface: missing ${[...missing, ...(typeof instance?.name !== 'string' ? ['name'] : [])].join(', ')}`,
    );
  }
  return instance;
}
