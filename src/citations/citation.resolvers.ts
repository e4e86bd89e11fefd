import type { Resolvers } from '../__generated__/resolvers-types';
import { citeList, citePublication } from './citation.service';

export const citationResolvers: Resolvers = {
  Query: {
    citations: (_root, args, ctx) => citeList(ctx, args),
  },
  Publication: {
    citation: (p, args, ctx) => citePublication(ctx, p, args.format, { style: args.style, language: args.language }),
  },
};
