# The two commands a new user runs (see README.md):
#   make demo   install what is missing, build, and run rampart on the shipped policies
#   make test   install what is missing, build, and run the whole test suite
#
# Everything the build needs comes from Debian packages, installed here with apt when
# missing. Builds use clang (for the libFuzzer targets), Ninja and two jobs.

BUILD_DIR ?= build
JOBS ?= 2
BUILD_TYPE ?= RelWithDebInfo

# Debian packages (see docs/building.md). libssl-dev is deliberately not listed: cpp-httplib
# pulls it in, and naming it triggers an OpenSSL upgrade.
PACKAGES := antlr4 libantlr4-runtime-dev uuid-dev llvm-19-dev libzstd-dev \
	libprotobuf-dev protobuf-compiler libcli11-dev libsqlite3-dev libgtest-dev libgmock-dev \
	libbenchmark-dev libsimdjson-dev libre2-dev libvectorscan-dev libcpp-httplib-dev \
	libsodium-dev libyaml-cpp-dev nlohmann-json3-dev libxxhash-dev libspdlog-dev libfmt-dev \
	cmake ninja-build pkg-config clang-14 libclang-rt-14-dev libjemalloc-dev libabsl-dev tzdata \
	zlib1g-dev

.PHONY: all deps configure build demo test clean

all: build

deps:
	@./scripts/install-deps.sh $(PACKAGES)

$(BUILD_DIR)/build.ninja: | deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	@./scripts/demo.sh $(BUILD_DIR)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR)
