/** An access key pair. The local server accepts requests signed with it. */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Fixed, well-known local credentials, so that a printed `export` line keeps working across
 * restarts. They guard nothing real: the local server listens on 127.0.0.1 by default.
 */
export const DEFAULT_LOCAL_CREDENTIALS: LocalCredentials = Object.freeze({
  accessKeyId: 'AKIASLUICELOCAL00000',
  secretAccessKey: 'sluice/local/secret/access/key/0000000000',
});

/** Reads `SLUICE_LOCAL_ACCESS_KEY_ID` / `SLUICE_LOCAL_SECRET_ACCESS_KEY`, with the defaults above. */
export function localCredentialsFromEnv(env: Record<string, string | undefined> = process.env): LocalCredentials {
  return {
    accessKeyId: env.SLUICE_LOCAL_ACCESS_KEY_ID || DEFAULT_LOCAL_CREDENTIALS.accessKeyId,
    secretAccessKey: env.SLUICE_LOCAL_SECRET_ACCESS_KEY || DEFAULT_LOCAL_CREDENTIALS.secretAccessKey,
  };
}
