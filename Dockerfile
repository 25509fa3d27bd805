# mk8s in a container (as k3s ships one): privileged, with its own containerd inside.
#   docker build -t mk8s .
#   docker run --privileged -p 6443:6443 -v mk8s:/var/lib/mk8s mk8s
# Debian 12's own nodejs is 18; mk8s needs Node 20, so start from the Node 20 Debian 12 image.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential python3 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY tsconfig.json ./
COPY src ./src
COPY bin ./bin
COPY scripts ./scripts
COPY manifests ./manifests
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
      containerd runc containernetworking-plugins iptables iproute2 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/mk8s
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY --from=build /src/bin ./bin
COPY --from=build /src/manifests ./manifests
VOLUME /var/lib/mk8s
EXPOSE 6443
ENTRYPOINT ["node", "/opt/mk8s/bin/mk8s"]
CMD ["server"]
