import { GraphQLError } from 'graphql';
import { type AuthState, EDITOR_ROLE, type Viewer } from './verify';

/**
 * The one check every write goes through: anonymous or badly authenticated callers get UNAUTHENTICATED (HTTP
 * 401), authenticated callers without the editor role get FORBIDDEN (HTTP 403). Reads never call it.
 */
export function requireEditor(auth: AuthState, action: string): Viewer {
  if (!auth.viewer) {
    const why = auth.problem ?? 'no credentials were sent';
    throw new GraphQLError(`${action} needs an editor: ${why}. Send "Authorization: Bearer <token>" (a JWT with role editor) or "ApiKey <key>".`, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
  if (!auth.viewer.roles.includes(EDITOR_ROLE)) {
    throw new GraphQLError(`${action} needs the "${EDITOR_ROLE}" role; ${auth.viewer.id} has ${auth.viewer.roles.length ? auth.viewer.roles.join(', ') : 'no roles'}.`, {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
  return auth.viewer;
}
