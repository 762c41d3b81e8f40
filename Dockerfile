# Multi-stage build: compile with the full toolchain, run on a slim image as a non-root user.
FROM rust:1-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY migrations migrations
# Cargo reads every declared target when it loads the manifest, tests included.
COPY tests tests
RUN cargo build --release --locked --bin werkpad

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/werkpad --create-home werkpad
COPY --from=build /src/target/release/werkpad /usr/local/bin/werkpad
USER werkpad
WORKDIR /var/lib/werkpad
ENV WERKPAD_LISTEN_ADDR=0.0.0.0:8080 \
    WERKPAD_DATABASE_URL=sqlite:///var/lib/werkpad/data/werkpad.db
VOLUME ["/var/lib/werkpad/data"]
EXPOSE 8080
ENTRYPOINT ["werkpad"]
CMD ["serve"]
