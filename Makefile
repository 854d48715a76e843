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
	test -z "$$(gofmt -l .)"

# The pictures in the README, made by the project itself.
images: build
	mkdir -p docs/images
	rm -rf /tmp/carousel-images && mkdir -p /tmp/carousel-images
	bin/carousel render sample -o /tmp/carousel-images/portrait/ --format linkedin-portrait
	bin/carousel render sample -o /tmp/carousel-images/story/ --format story --theme ink --pattern grid
	go run ./scripts/contactsheet -o docs/images
	cp /tmp/carousel-images/portrait/slide-01.png docs/images/sample-cover.png
	cp /tmp/carousel-images/portrait/slide-02.png docs/images/sample-slide-2.png
