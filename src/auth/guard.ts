import { AuthenticationRequiredError, PermissionDeniedError } from '../errors';
import { type AuthState, EDITOR_ROLE, type Viewer } from './verify';

/**
 * The one check every write goes through: anonymous or badly authenticated callers are refused with an
 * AuthenticationRequiredError, authenticated callers without the editor role with a PermissionDeniedError
 * (UNAUTHENTICATED 401 and FORBIDDEN 403 for clients, src/server/error-codes.ts). Reads never call it.
 */
export function requireEditor(auth: AuthState, action: string): Viewer {
  if (!auth.viewer) {
    const why = auth.problem ?? 'no credentials were sent';
    throw new AuthenticationRequiredError(`${action} needs an editor: ${why}. Send "Authorization: Bearer <token>" (a JWT with role editor) or "ApiKey <key>".`);
  }
  if (!auth.viewer.roles.includes(EDITOR_ROLE)) {
    throw new PermissionDeniedError(`${action} needs the "${EDITOR_ROLE}" role; ${auth.viewer.id} has ${auth.viewer.roles.length ? auth.viewer.roles.join(', ') : 'no roles'}.`);
  }
  return auth.viewer;
}
