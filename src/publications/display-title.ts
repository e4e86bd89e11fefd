/** The title to show: the catalogued title, or for untitled snippet records their opening words, marked as
 *  such so no one mistakes them for a title. */
export function displayTitle(p: { id: string; title: string | null; summary: string | null }): string {
  if (p.title) return p.title;
  const words = (p.summary ?? '').split(/\s+/).slice(0, 12).join(' ');
  return `[untitled] ${words}${words ? '…' : p.id}`;
}
