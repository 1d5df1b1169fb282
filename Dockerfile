# syntax=docker/dockerfile:1
# One image recipe for every app. Build one with its target (`docker build --target email-worker .`) or
# with the generic stage (`docker build --target runtime --build-arg APP=email-worker .`).

# Only the package manifests, so the npm ci layer below is rebuilt when dependencies change, not on every edit.
FROM node:20-bookworm-slim AS manifests
WORKDIR /src
COPY apps apps
COPY packages packages
RUN mkdir /manifests \
 && find apps packages -mindepth 2 -maxdepth 2 -name package.json -exec cp --parents {} /manifests/ \;

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY --from=manifests /manifests/ ./
# Dev dependencies included: esbuild bundles the apps below.
RUN npm ci

FROM node:20-bookworm-slim AS base
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app ./
COPY . .
# Each app bundled into apps/<app>/dist/main.mjs: plain JavaScript, no TypeScript loader at run time. The build
# tools (esbuild, nx, tsx, ...) then leave the image: the bundles import only the apps' own dependencies.
RUN node scripts/build.mjs && npm prune --omit=dev --no-audit --no-fund
# The one place an app may write to (generated keys and certificates); the code itself stays read-only.
RUN mkdir -p /app/.herald && chown node:node /app/.herald
USER node
STOPSIGNAL SIGTERM
# The heap settings of scripts/build.mjs (builtAppArguments): the old-space cap on every service but the sandbox.
CMD ["node", "--max-old-space-size=128", "--max-semi-space-size=32", "--enable-source-maps", "dist/main.mjs"]

# Any app, chosen at build time.
FROM base AS runtime
ARG APP
RUN test -n "$APP" && test -f "/app/apps/$APP/dist/main.mjs" \
 || { echo "build with --build-arg APP=<one of: $(ls /app/apps | tr '\n' ' ')>" >&2; exit 1; }
ENV APP=${APP}
WORKDIR /app/apps/${APP}

FROM base AS api-gateway
ENV APP=api-gateway
WORKDIR /app/apps/api-gateway
EXPOSE 8080

FROM base AS user-service
ENV APP=user-service
WORKDIR /app/apps/user-service
EXPOSE 8081

FROM base AS template-service
ENV APP=template-service
WORKDIR /app/apps/template-service
EXPOSE 8082

FROM base AS email-worker
ENV APP=email-worker
WORKDIR /app/apps/email-worker
EXPOSE 8083

FROM base AS push-worker
ENV APP=push-worker
WORKDIR /app/apps/push-worker
EXPOSE 8084

FROM base AS provider-sandbox
ENV APP=provider-sandbox
WORKDIR /app/apps/provider-sandbox
EXPOSE 8025
# It keeps every email it receives in memory, by design: no heap cap.
CMD ["node", "--enable-source-maps", "dist/main.mjs"]
