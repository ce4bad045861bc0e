# orelog: the two set-up commands are `make run` and `make test` (see README).
# Builds are incremental (Ninja + ccache); each target installs what it needs.
REL := build/release
SAN := build/san
JOBS ?= 2
CMAKE_COMMON := -G Ninja -DORELOG_WERROR=ON

.PHONY: deps release san run test bench clean

deps:
	scripts/install-deps

# Release: GCC 12, -O2, warnings as errors. What `make run` and benchmarks use.
$(REL)/build.ninja:
	cmake -S . -B $(REL) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CXX_COMPILER=g++ -DORELOG_TESTS=OFF -DORELOG_BENCH=ON
release: deps $(REL)/build.ninja
	cmake --build $(REL) -j $(JOBS)

# Tests: clang-16 with AddressSanitizer + UndefinedBehaviorSanitizer and the
# libFuzzer targets, so every unit, conformance, property, crash and fuzz test
# runs sanitized.
$(SAN)/build.ninja:
	cmake -S . -B $(SAN) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_COMPILER=clang++-16 -DORELOG_SANITIZE=ON -DORELOG_FUZZ=ON
san: deps $(SAN)/build.ninja
	cmake --build $(SAN) -j $(JOBS)

run: release
	scripts/demo $(REL)/orelog

test: release san
	ctest --test-dir $(SAN) --output-on-failure -j $(JOBS) --timeout 600

bench: release
	scripts/bench

clean:
	rm -rf build
