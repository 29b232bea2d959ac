# One image for the four services; APP selects which one runs (claims, documents, review, gateway).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY scripts scripts
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY demo demo
COPY docs/asyncapi.yaml docs/asyncapi.yaml
COPY package.json ./
USER node
ENV APP=gateway
CMD ["sh", "-c", "exec node dist/apps/${APP}/src/main.js"]
