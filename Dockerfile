# syntax=docker/dockerfile:1
#
# freebit-ops: the bot in one image (README, "Operations").
#   docker build -t freebit-ops .
#   docker run --env-file .env -p 3000:3000 -v freebit-ops-data:/app/data freebit-ops
#
# The bot runs its TypeScript with tsx, as `npm start` does: tsx is a production dependency,
# so there is no separate compile step whose output could drift from what the tests ran.
# `docker build --target check .` also typechecks and lints (the full dev install).

ARG NODE_IMAGE=node:20-bookworm
ARG NODE_SLIM_IMAGE=node:20-bookworm-slim

# ---- deps: production dependencies only; sqlite3 is compiled here (python3, make, g++ are in this image).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# ---- check (optional target): typecheck and lint with the dev dependencies.
FROM ${NODE_IMAGE} AS check
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run check

# ---- the image that runs: no compilers, no dev dependencies, not root.
FROM ${NODE_SLIM_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    STORE_URL=sqlite:///app/data/freebit-ops.sqlite
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json package-lock.json ./
COPY --chown=root:root src ./src
# The code is root's and read-only to the bot; only its data folder is writable (SQLite, one replica).
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# /livez: the process answers; /readyz (= /healthz) is for the load balancer.
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (main.ts): `docker stop` drains requests in flight, exits 0.
CMD ["node", "--import", "tsx", "src/main.ts"]
