/** GraphQL over GET against this origin's /graphql, so the browser's HTTP cache can reuse answers. */
export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const params = new URLSearchParams({ query, variables: JSON.stringify(variables) });
  // Apollo Server's CSRF protection only executes GET operations that carry a non-simple header.
  const response = await fetch(`/graphql?${params}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}
