import {
  type FieldNode,
  getDirectiveValues,
  getNamedType,
  type GraphQLNamedType,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';

/**
 * What a query selects below the field being resolved, read from `info` so a resolver can fetch it up front.
 * Aliases resolve to field names, named and inline fragments are followed when they apply to the type, and
 * `@skip` / `@include` are honoured. Reading too much only costs a fetch; the field resolvers stay the source
 * of truth.
 */

/** Whether a fragment with this type condition applies to an object of type `type`. */
function applies(info: GraphQLResolveInfo, typeCondition: string | undefined, type: GraphQLNamedType): boolean {
  if (!typeCondition || typeCondition === type.name) return true;
  const condition = info.schema.getType(typeCondition);
  if (!condition) return false;
  // Below an abstract field the runtime type is unknown here: any fragment may apply.
  if (!isObjectType(type)) return true;
  return isAbstractType(condition) && info.schema.isSubType(condition, type);
}

function included(info: GraphQLResolveInfo, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

/** The field nodes selected in `sets` (fragments flattened) for an object of type `type`. */
function fieldsOf(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[], type: GraphQLNamedType): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (!included(info, selection)) continue;
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(info, selection.typeCondition?.name.value, type)) visit(selection.selectionSet, seen);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (!fragment || seen.has(name) || !applies(info, fragment.typeCondition.name.value, type)) continue;
        visit(fragment.selectionSet, new Set([...seen, name]));
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return fields;
}

/**
 * The names of the fields selected at `path` below the resolved field: `[]` for its own selection,
 * `['edges', 'node']` for what each edge's node selects (every alias of `edges` and of `node` counts).
 */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  let type = getNamedType(info.returnType);
  let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const step of path) {
    if (!isObjectType(type)) return new Set();
    const field = type.getFields()[step];
    if (!field) return new Set();
    sets = fieldsOf(info, sets, type)
      .filter((node) => node.name.value === step)
      .flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    type = getNamedType(field.type);
  }
  return new Set(fieldsOf(info, sets, type).map((node) => node.name.value));
}
