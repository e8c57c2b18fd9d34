# The valwatch container image, made of the self-contained distribution (bin/valwatch and its own Java
# runtime) on a slim Debian. Published as ghcr.io/valwatch/valwatch; to build it yourself:
#
#   docker build -t ghcr.io/valwatch/valwatch:dev .
#   docker run --rm -p 9300:9300 ghcr.io/valwatch/valwatch:dev demo --listen 0.0.0.0:9300
#
# The first stage builds the distribution from this source tree (the .git directory gives the version its
# commit); the second holds nothing but the unpacked distribution.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -Pdist -DskipTests package \
 && mkdir /dist \
 && tar -xzf distribution/target/valwatch-*-linux-x64.tar.gz -C /dist --strip-components=1

FROM debian:bookworm-slim
RUN groupadd --system --gid 65532 valwatch \
 && useradd --system --uid 65532 --gid valwatch --home-dir /var/lib/valwatch --shell /usr/sbin/nologin valwatch \
 && mkdir -p /var/lib/valwatch /etc/valwatch \
 && chown valwatch:valwatch /var/lib/valwatch \
 && chmod 0700 /var/lib/valwatch
COPY --from=build /dist /opt/valwatch
COPY --from=build /dist/config/valwatch.yaml /etc/valwatch/valwatch.yaml
# config/jvm.options, with the heap following the container's memory limit instead of a fixed -Xmx.
# Override with -e VALWATCH_OPTS=...
ENV VALWATCH_OPTS="-XX:+UseSerialGC -XX:MaxRAMPercentage=75 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:NewRatio=4 -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m -Xss512k -XX:-UsePerfData"
USER 65532:65532
# Height cursors and sent alerts: keep them across container restarts and upgrades.
VOLUME ["/var/lib/valwatch"]
EXPOSE 9300
# bash's /dev/tcp needs no curl in the image; /healthz answers 200 while the HTTP server runs.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9300 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["/opt/valwatch/bin/valwatch"]
CMD ["run", "--config", "/etc/valwatch/valwatch.yaml", "--state-dir", "/var/lib/valwatch"]
