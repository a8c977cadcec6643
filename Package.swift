// swift-tools-version: 6.1
import PackageDescription

/// One set of settings for every Swift target: Swift 6 language mode (strict concurrency) everywhere.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "bevgenie",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "bevgenie", targets: ["bevgenie"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Only the HTTP server; its optional swift-configuration and full-Foundation traits are left off.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // `bevgenie mcp`: the official Model Context Protocol SDK (its stdio transport and server).
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        // Observability on the standard APIs (docs/ARCHITECTURE.md, "Observability"): logs, metrics, traces.
        // Hummingbird already builds the three API packages; Prometheus is the /metrics backend.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The OTLP exporter, bootstrapped only when OTEL_EXPORTER_OTLP_ENDPOINT is set: OTLP over HTTP with
        // protobuf only; the gRPC trait (grpc-swift, nio-http2 transport) is left off, it is the costly part.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        // The PostgreSQL store (issue 12): the wire protocol and the connection pool (PostgresClient).
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        // Already built for postgres-nio; `db copy` keys copied sentence vectors by SHA-256 as PostgreSQL does.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]
        ),
        .target(
            name: "CCurlShim",
            dependencies: ["CCurl"]
        ),
        // Matrix products of the sentence-embedding model (Debian's OpenBLAS, pthread build).
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]
        ),
        // The model's linear layers as AVX-512 BF16 products, or AVX2 FMA products over bfloat16 weight panels,
        // where the CPU has them (run-time check; the code is
        // compiled for that target per function, so the package builds and runs on any x86-64 or arm64).
        // Optimised in debug builds too: at -O0 the model's kernels are many times slower, and the debug test suite
        // embeds with them throughout (a root package may pass flags; nobody depends on this one).
        .target(name: "CEmbeddingKernels", cSettings: [.unsafeFlags(["-O2"])]),
        // all-MiniLM-L6-v2 in process: safetensors, WordPiece, the BERT forward pass. Knows nothing of bevgenie,
        // so it builds fast and can be reused.
        .target(
            name: "SentenceEmbedding",
            dependencies: ["CBLAS", "CEmbeddingKernels"],
            // Optimised in debug builds too, like its kernels: the attention, layer norms and activations are Swift
            // loops that run about ten times slower at -Onone, and the debug test suite embeds thousands of texts
            // (the starter knowledge's check alone took 18 s of a CPU without AVX-512 BF16).
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"])]
        ),
        .target(
            name: "BevGenieCore",
            dependencies: [
                "CSQLite", "CCurlShim", "SentenceEmbedding",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BevGenieServer",
            dependencies: [
                "BevGenieCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        // The MCP face (`bevgenie mcp`): tools and resources over the pipeline, on the official MCP SDK.
        .target(
            name: "BevGenieMCP",
            dependencies: ["BevGenieCore", .product(name: "MCP", package: "swift-sdk")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BevGenieCommands",
            dependencies: [
                "BevGenieCore",
                "SentenceEmbedding",
                "BevGenieServer",
                "BevGenieMCP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            swiftSettings: swiftSettings
        ),
        // The fuzz targets, out of the shipped library: they reach BevGenieCore's internals through `package` access.
        .target(
            name: "BevGenieFuzzing",
            dependencies: ["BevGenieCore", "CSQLite"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bevgenie",
            dependencies: ["BevGenieCommands"],
            swiftSettings: swiftSettings
        ),
        // The fuzz targets under libFuzzer (`scripts/fuzz` builds it with -sanitize=fuzzer -DFUZZING); a plain
        // build is a replayer and seeded fuzzer for the same targets.
        .executableTarget(
            name: "bevgenie-fuzz",
            dependencies: ["BevGenieFuzzing"],
            path: "Fuzz/Sources",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BevGenieCoreTests",
            dependencies: [
                "BevGenieCore", "BevGenieFuzzing",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SentenceEmbeddingTests",
            dependencies: ["SentenceEmbedding", "BevGenieCore"],
            resources: [.copy("Fixtures/reference_embeddings.json")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BevGenieCLITests",
            dependencies: ["BevGenieCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BevGenieServerTests",
            dependencies: [
                "BevGenieServer", "BevGenieCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                // The replica and fault tests read the shared PostgreSQL database themselves.
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            exclude: ["Clients"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
