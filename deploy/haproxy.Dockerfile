# The balancer of deploy/compose.yaml: Debian's HAProxy package, as on a plain Debian host.
FROM debian:bookworm-slim
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy socat \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /run/haproxy
COPY deploy/haproxy.cfg /deploy/haproxy.cfg
EXPOSE 8080
CMD ["haproxy", "-W", "-db", "-f", "/deploy/haproxy.cfg"]
