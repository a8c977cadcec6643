// swift-tools-version: 6.0
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
        .target(
            name: "BevGenieCore",
            dependencies: ["CSQLite", "CCurlShim"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BevGenieCommands",
            dependencies: [
                "BevGenieCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bevgenie",
            dependencies: ["BevGenieCommands"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BevGenieCoreTests",
            dependencies: ["BevGenieCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BevGenieCLITests",
            dependencies: ["BevGenieCore"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
