import type { RecordingQuotas } from './recording-quota.js';
import type { RecordingSinkOptions } from './recording-sink.js';

// How `npm start` configures the recording sink: from the environment, each value checked.

/** A variable's whole number, undefined when unset, or a throw naming it. */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, unit: string): number | undefined {
  if (!env[name]) return undefined;
  const value = Number(env[name]);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`Recording sink: ${name} must be a whole number of ${unit}.`);
  return value;
}

const QUOTA_VARIABLES: Record<keyof RecordingQuotas, string> = {
  maxRecordingBytes: 'LIFELINE_RECORDING_MAX_RECORDING_BYTES',
  maxTotalBytes: 'LIFELINE_RECORDING_MAX_TOTAL_BYTES',
  minFreeDiskBytes: 'LIFELINE_RECORDING_MIN_FREE_DISK_BYTES',
};

/**
 * The sink's options from the environment: `LIFELINE_RECORDINGS_DIR` (default `recordings` in
 * the working directory), `LIFELINE_RECORDING_WEBHOOK_URL`, `LIFELINE_RECORDING_WEBHOOK_SECRET`,
 * `LIFELINE_RECORDING_MAX_CHUNK_BYTES`, the quotas' `LIFELINE_RECORDING_MAX_RECORDING_BYTES`,
 * `_MAX_TOTAL_BYTES` and `_MIN_FREE_DISK_BYTES`, and `LIFELINE_RECORDING_MAX_OPEN_MS`. A quota or
 * expiry not set is left out, so its default applies.
 */
export function recordingSinkOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): RecordingSinkOptions {
  const quotas: Partial<RecordingQuotas> = {};
  for (const [quota, name] of Object.entries(QUOTA_VARIABLES) as [keyof RecordingQuotas, string][]) {
    const value = wholeNumber(env, name, 'bytes');
    if (value !== undefined) quotas[quota] = value;
  }
  const maxOpenMs = wholeNumber(env, 'LIFELINE_RECORDING_MAX_OPEN_MS', 'milliseconds');
  return {
    folder: env.LIFELINE_RECORDINGS_DIR || 'recordings',
    webhookUrl: env.LIFELINE_RECORDING_WEBHOOK_URL || undefined,
    webhookSecret: env.LIFELINE_RECORDING_WEBHOOK_SECRET || undefined,
    maxChunkBytes: wholeNumber(env, 'LIFELINE_RECORDING_MAX_CHUNK_BYTES', 'bytes'),
    ...(Object.keys(quotas).length ? { quotas } : {}),
    ...(maxOpenMs === undefined ? {} : { expiry: { maxOpenMs } }),
  };
}
