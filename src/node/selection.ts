import { getNamedType, type GraphQLResolveInfo, isObjectType } from 'graphql';
import { parseResolveInfo, type ResolveTree, simplifyParsedResolveInfoFragmentWithType } from 'graphql-parse-resolve-info';

/**
 * What a query selects below the field being resolved, read from `info` so a resolver can fetch it up front.
 * graphql-parse-resolve-info (PostGraphile's) does the reading: aliases, named and inline fragments (on the type
 * or an interface it implements) and `@skip` / `@include`. Reading too much only costs a fetch; the field
 * resolvers stay the source of truth.
 */

/**
 * Reads the selection once and answers, for a `path` below the resolved field, the names of the fields selected
 * there: `[]` for its own selection, `['edges', 'node']` for what each edge's node selects (every alias of
 * `edges` and of `node` counts).
 */
export function readSelection(info: GraphQLResolveInfo): (path?: readonly string[]) => Set<string> {
  const root = parseResolveInfo(info) as ResolveTree | null | undefined;
  return (path = []) => {
    if (!root) return new Set();
    let type = getNamedType(info.returnType);
    let trees: ResolveTree[] = [root];
    const fieldsOf = (tree: ResolveTree) => Object.values(simplifyParsedResolveInfoFragmentWithType(tree, type).fields) as ResolveTree[];
    for (const step of path) {
      if (!isObjectType(type)) return new Set();
      const field = type.getFields()[step];
      if (!field) return new Set();
      trees = trees.flatMap((tree) => fieldsOf(tree).filter((f) => f.name === step));
      type = getNamedType(field.type);
    }
    return new Set(trees.flatMap((tree) => fieldsOf(tree).map((f) => f.name)));
  };
}

/** The field names selected at one `path` (see readSelection; use that to ask about several paths). */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  return readSelection(info)(path);
}
