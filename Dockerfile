# pmkb as a container: a static binary on a distroless base, run as a
# non-root user, with the data dir on a volume.
#
#   docker build -t pmkb .
#   docker run -p 8080:8080 -v pmkb-data:/data pmkb
#
# cmd/pmkb/docker_test.go builds the binary with this file's build line
# (it reads the flags from here) and runs the image's smoke checks.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/pmkb ./cmd/pmkb
# The volume's mount point, owned by the image's user so that a new
# volume starts writable.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/pmkb /usr/local/bin/pmkb
COPY --from=build --chown=65532:65532 /out/data /data
USER 65532:65532
ENV PMKB_DATA=/data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["/usr/local/bin/pmkb", "healthcheck", "--addr", "127.0.0.1:8080"]
ENTRYPOINT ["/usr/local/bin/pmkb"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
