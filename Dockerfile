# Sufrah bot image: one image for the API (default command), the Temporal worker and the
# one-shot migrate job; docker-compose.yml picks the command.
#   docker build -t sufrah-bot .

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: install dependencies, generate the Prisma client, compile, bundle workflows ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# `prisma generate` would otherwise download the native schema engine, which this project
# does not use (migrations run on @prisma/schema-engine-wasm); see package.json prisma:generate.
ENV PRISMA_SCHEMA_ENGINE_BINARY=/bin/false \
    CHECKPOINT_DISABLE=1

# Dependencies first, so source edits reuse this layer. --ignore-scripts matches package.json
# "allowScripts" (no dependency install scripts, e.g. no engine downloads); the one postinstall
# step the app needs, `prisma generate`, runs explicitly below.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

COPY prisma.config.ts ./
COPY prisma ./prisma
RUN npm run prisma:generate

# The rest of the source (.dockerignore keeps out node_modules, dist, src/generated, .env).
COPY . .
# tsc to dist/ and the prebuilt Temporal workflow bundle.
RUN npm run build

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    CHECKPOINT_DISABLE=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    PATH=/app/node_modules/.bin:$PATH

# Runs a package.json script in place of the shell so SIGTERM reaches Node (see the script).
COPY deploy/docker/npm-exec.sh /usr/local/bin/npm-exec
RUN chmod 0755 /usr/local/bin/npm-exec

# Full node_modules on purpose: the npm scripts run TypeScript through tsx, and migrations use
# @prisma/schema-engine-wasm, both devDependencies. src/ is needed for the same reason and
# carries the generated Prisma client (src/generated). Files stay root-owned: the app only
# reads them, and the `node` user cannot change the code it runs.
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY --from=build /app/prisma ./prisma

USER node
EXPOSE 3000
CMD ["npm-exec", "start:api"]
