# syntax=docker/dockerfile:1
#
# freebit-ops: the bot in one image (README, "Operations").
#   docker build -t freebit-ops .
#   docker run --env-file .env -p 3000:3000 -v freebit-ops-data:/app/data freebit-ops
#
# Node 26, the active LTS line (README, "Node versions"). The TypeScript is compiled once, here,
# by the same `npm run build` (tsc's type check, then esbuild's bundle → dist/: tools/bundle.ts)
# that `npm ci` runs as `prepare`; the image runs `node dist/main.js`, with no TypeScript loader
# at run time (node_modules/ still holds what the bundle leaves out: sqlite3, @keyv/redis…).
# `docker build --target check .` also typechecks and lints (the full dev install).

ARG NODE_IMAGE=node:26
ARG NODE_SLIM_IMAGE=node:26-slim

# ---- build: every dependency (tsc is a dev one), sqlite3 compiled for this Node (python3, make
# and g++ are in this image), src/ type-checked and bundled to dist/, then the dev dependencies dropped.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off for the install itself: `prepare` would compile src/, which is not copied yet.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY tools/bundle.ts ./tools/bundle.ts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- check (optional target): typecheck and lint with the dev dependencies.
FROM ${NODE_IMAGE} AS check
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild sqlite3
COPY . .
RUN npm run check

# ---- the image that runs: no compilers, no dev dependencies, no sources, not root.
FROM ${NODE_SLIM_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    STORE_URL=sqlite:///app/data/freebit-ops.sqlite
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json package-lock.json ./
# The code is root's and read-only to the bot; only its data folder is writable (SQLite, one replica).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# /livez: the process answers; /readyz (= /healthz) is for the load balancer.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (main.ts): `docker stop` drains requests in flight, exits 0.
CMD ["node", "dist/main.js"]
