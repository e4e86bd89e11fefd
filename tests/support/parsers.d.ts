// The independent parsers the citation tests read citations back with ship no type declarations.
declare module 'bibtex-parse' {
  export function entries(text: string): ({ key: string; type: string } & Record<string, unknown>)[];
}
declare module 'astrocite-ris' {
  export function parse(text: string): Record<string, unknown>[];
}
