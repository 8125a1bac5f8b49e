import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ModelSpec } from '../../shared/catalog.ts';
import { BUILTIN_ENDPOINTS } from '../catalog/builtin-endpoints.ts';
import { BUILTIN_MODELS } from '../catalog/builtin-models.ts';
import { AppEnv } from './app-env.ts';
import { ConfigFile } from './config-file.ts';
import { EndpointConfig } from './endpoint-config.ts';
import { formatZodError } from './format-zod-error.ts';
import { scaleConfigOf, type ScaleConfig } from './scale-config.ts';

export const DEFAULT_CONFIG_PATH = 'versus.config.json';
export const DEFAULT_DB_PATH = 'data/versus.db';
export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadedConfig {
  configPath: string;
  configFound: boolean;
  host: string;
  port: number;
  dbPath: string;
  /** PostgreSQL's URL when one is configured (VERSUS_DATABASE_URL, else server.databaseUrl); the SQLite file otherwise. */
  databaseUrl: string | undefined;
  /** Processes on this machine, and the Redis that nodes share (scale-out.ts). */
  scale: ScaleConfig;
  battle: ConfigFile['battle'];
  limits: ConfigFile['limits'];
  /** The config file's `network`, with VERSUS_PUBLIC_ORIGIN's origins added. */
  network: ConfigFile['network'];
  ratings: ConfigFile['ratings'];
  local: ConfigFile['local'];
  discovery: ConfigFile['discovery'];
  access: ConfigFile['access'];
  /** Where people reach Versus, when configured (server.publicOrigin). */
  publicOrigin: string | undefined;
  endpoints: EndpointConfig[];
  models: ModelSpec[];
  env: AppEnv;
  /** The raw process environment, for endpoint keys and base URLs. Never sent anywhere. */
  secrets: Record<string, string | undefined>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ConfigError(`Invalid ${where}:\n${formatZodError(r.error)}`);
  return r.data;
}

/**
 * The PostgreSQL URL, checked at start: a scheme Versus speaks, and no
 * password in the config file (like API keys, it belongs in the environment:
 * VERSUS_DATABASE_URL, or PGPASSWORD, which the driver reads).
 */
function databaseUrlOf(fromEnv: string | undefined, fromFile: string | undefined): string | undefined {
  const url = fromEnv || fromFile;
  if (!url) return undefined;
  const where = fromEnv ? 'VERSUS_DATABASE_URL' : 'server.databaseUrl';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${where} is not a URL; expected postgres://user@host:5432/database`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`${where} must start with postgres:// or postgresql:// (for SQLite, set VERSUS_DB or server.dbPath instead)`);
  }
  if (!fromEnv && parsed.password) {
    throw new ConfigError(
      'server.databaseUrl holds a password; keep it out of the config file: set PGPASSWORD, or give the whole URL as VERSUS_DATABASE_URL',
    );
  }
  return url;
}

/**
 * Reads env and the config file and merges them over the built-in catalog.
 * Any invalid field stops start-up with a message naming the field.
 */
export function loadConfig(processEnv: Record<string, string | undefined> = process.env, cwd = process.cwd()): LoadedConfig {
  const env = parseOrThrow(AppEnv, processEnv, 'environment');
  const configPath = resolve(cwd, env.VERSUS_CONFIG ?? DEFAULT_CONFIG_PATH);
  const configFound = existsSync(configPath);
  if (env.VERSUS_CONFIG && !configFound) throw new ConfigError(`VERSUS_CONFIG points to ${configPath}, which does not exist`);

  let raw: unknown = {};
  if (configFound) {
    try {
      raw = JSON.parse(readFileSync(configPath, 'utf8'));
    } catch (e) {
      throw new ConfigError(`Config file ${configPath} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const file = parseOrThrow(ConfigFile, raw, `config file ${configPath}`);

  const endpoints = new Map<string, EndpointConfig>();
  for (const e of BUILTIN_ENDPOINTS) endpoints.set(e.id, EndpointConfig.parse(e));
  file.endpoints.forEach((e) => endpoints.set(e.id, e));

  const models = new Map<string, ModelSpec>();
  for (const m of BUILTIN_MODELS) models.set(m.id, ModelSpec.parse(m));
  file.models.forEach((entry, i) => {
    const id = typeof entry.id === 'string' ? entry.id : undefined;
    const base = id ? models.get(id) : undefined;
    const merged = base ? deepMerge(base, entry) : entry;
    const r = ModelSpec.safeParse(merged);
    if (!r.success) {
      throw new ConfigError(`Invalid config file ${configPath}:\n${formatZodError(r.error, `models[${i}]`)}`);
    }
    models.set(r.data.id, r.data);
  });
  const disabled = new Set(file.disable);
  for (const id of disabled) endpoints.delete(id);
  // Disabling an endpoint hides its models with it.
  for (const m of [...models.values()]) if (disabled.has(m.id) || disabled.has(m.endpoint)) models.delete(m.id);
  for (const m of models.values()) {
    if (!endpoints.has(m.endpoint)) {
      throw new ConfigError(`Model "${m.id}" names endpoint "${m.endpoint}", which is not configured`);
    }
  }

  const databaseUrl = databaseUrlOf(env.VERSUS_DATABASE_URL, file.server.databaseUrl);
  return {
    configPath,
    configFound,
    host: env.VERSUS_HOST ?? file.server.host ?? DEFAULT_HOST,
    port: env.VERSUS_PORT ?? env.PORT ?? file.server.port ?? DEFAULT_PORT,
    dbPath: resolve(cwd, env.VERSUS_DB ?? file.server.dbPath ?? DEFAULT_DB_PATH),
    databaseUrl,
    scale: scaleConfigOf(env, databaseUrl),
    battle: file.battle,
    limits: file.limits,
    network: { ...file.network, publicOrigins: [...file.network.publicOrigins, ...(env.VERSUS_PUBLIC_ORIGIN ?? [])] },
    ratings: file.ratings,
    local: file.local,
    discovery: file.discovery,
    access: file.access,
    publicOrigin: file.server.publicOrigin,
    endpoints: [...endpoints.values()],
    models: [...models.values()],
    env,
    secrets: processEnv,
  };
}
