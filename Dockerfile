# The API image. Neo4j runs as its own service (docker-compose.yml); this image never builds the embedded one.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci rejects lock files written by npm 11.16+ (npm/cli#9846); npm install honours the same lock file.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY schema ./schema
COPY src ./src
COPY scripts/build-web.ts ./scripts/
COPY web ./web
RUN npm run build && npm run build:web && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The Chicago CSL style is read from beside its compiled module (src/citations/citation-formats.ts); tsc copies only code.
COPY src/citations/styles ./dist/src/citations/styles
COPY --from=build /app/web/dist ./web/dist
COPY package.json ./
COPY schema ./schema
COPY graph-seeds ./graph-seeds
# The node image's `node` user, by number: a runtime (e.g. Kubernetes runAsNonRoot) can then tell it is not root.
USER 1000:1000
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
