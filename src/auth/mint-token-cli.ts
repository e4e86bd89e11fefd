import { SignJWT } from 'jose';
import { ConfigError, loadConfig } from '../config';
import { EDITOR_ROLE, VIEWER_ID_PATTERN } from './verify';

/**
 * `npm run token -- --name alice [--role editor] [--expires 8h]`: a development bearer token signed with
 * AUTH_JWT_SECRET (HS256), with the configured issuer and audience. Production tokens come from your identity
 * provider (AUTH_JWT_PUBLIC_KEY); this is for local curation and tests.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const arg = (flag: string, fallback?: string) => {
    const at = process.argv.indexOf(flag);
    return at >= 0 ? process.argv[at + 1] : fallback;
  };
  const name = arg('--name');
  if (!name || !VIEWER_ID_PATTERN.test(name)) throw new Error('--name is required: 1-64 letters, digits, ".", "_", "@" or "-" (e.g. --name alice)');
  const secret = config.auth.jwt?.secret;
  if (!secret) throw new Error('AUTH_JWT_SECRET is not set: set it (32+ characters) for the service and for this command');
  let jwt = new SignJWT({ roles: [arg('--role', EDITOR_ROLE)!], name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(name)
    .setIssuedAt()
    .setExpirationTime(arg('--expires', '8h')!);
  if (config.auth.jwt?.issuer) jwt = jwt.setIssuer(config.auth.jwt.issuer);
  if (config.auth.jwt?.audience) jwt = jwt.setAudience(config.auth.jwt.audience);
  console.log(await jwt.sign(new TextEncoder().encode(secret)));
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
