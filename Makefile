# SPDX-License-Identifier: MIT
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: build run test bench images lint

build:
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o bin/carousel ./cmd/carousel

run:
	go run ./cmd/carousel serve

test:
	scripts/test.sh

bench:
	go test -run '^$$' -bench . -benchmem ./render/... ./importer/... ./store/... ./web/...

lint:
	go vet ./...
	scripts/staticcheck.sh
	test -z "$$(gofmt -l .)"

# The pictures in the README, made by the project itself from the sample thread.
images:
	go run ./scripts/contactsheet -o docs/images
