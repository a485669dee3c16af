# bosun controller image. Minimal until the packaging issue: build the
# TypeScript, then ship only dist/, crds/ and production dependencies.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bin ./bin
# The build bundles the command and trains its V8 code cache on the fixture charts.
COPY scripts ./scripts
COPY test/fixtures/charts ./test/fixtures/charts
RUN npm run build

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY crds ./crds
USER 65532:65532
ENTRYPOINT ["node", "/app/bin/bosun.js"]
CMD ["run"]
