// citation-js ships no type declarations; these cover only what src/citations/citation-formats.ts calls.
declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>);
    format(format: string, options?: Record<string, unknown>): string;
  }
  interface Register<T> {
    add(name: string, value: T): void;
    has(name: string): boolean;
  }
  export const plugins: {
    config: {
      get(plugin: '@csl'): { templates: Register<string>; locales: Register<string> };
      get(plugin: '@bibtex'): { format: { checkLabel: boolean; asciiOnly: boolean } };
    };
  };
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
