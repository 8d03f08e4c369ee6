# Tilmeld as a single static binary on distroless, running as non-root.
# CI has no Docker engine, so scripts/test.sh (CI=true) runs this build
# stage's go build with the same flags: keep the two in step.

# Go 1.27: 1.26.8 has standard-library vulnerabilities (scripts/vulncheck.sh).
FROM golang:1.27-bookworm AS build
WORKDIR /src
# Modules first, so that a code change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/tilmeld ./cmd/tilmeld

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tilmeld /tilmeld
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/tilmeld"]
CMD ["serve"]
