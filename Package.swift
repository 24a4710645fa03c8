// swift-tools-version: 6.1
import PackageDescription

// Module layout follows ARCHITECTURE.md: SiteModel is the leaf; each stage imports only what the table allows.
let package = Package(
    name: "kb",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
        // `make fuzz`: libFuzzer over every content stage (a seeded mutator when built without -sanitize=fuzzer).
        .executable(name: "kb-fuzz", targets: ["KBFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Default traits off: kb reads no swift-configuration files and needs no full-Foundation form coding.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        // Named because PreviewServer uses their types directly (Hummingbird brings them anyway).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        .target(name: "SiteModel"),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(name: "CommonMark", dependencies: ["CCmark", "SiteModel"]),
        // renameat2(RENAME_EXCHANGE), which Swift's Glibc module does not expose: the atomic swap of a finished site.
        .target(name: "CPosix"),
        .target(name: "FrontMatter", dependencies: ["SiteModel", "Yams"]),
        .target(name: "ContentDiscovery", dependencies: ["SiteModel", "FrontMatter", "Yams"]),
        .target(name: "LinkResolution", dependencies: ["SiteModel", "CommonMark"]),
        .target(name: "Templating", dependencies: ["SiteModel", .product(name: "Mustache", package: "swift-mustache")]),
        .target(name: "SearchIndexing", dependencies: ["SiteModel"]),
        .target(
            name: "SiteBuilder",
            dependencies: [
                "SiteModel", "CommonMark", "FrontMatter", "ContentDiscovery", "LinkResolution", "Templating",
                "SearchIndexing", "CPosix", "Yams", .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "PreviewServer",
            dependencies: [
                "SiteModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "KBCommands",
            dependencies: [
                "SiteBuilder", "SiteModel", "CommonMark", "PreviewServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // mimalloc replaces glibc's malloc in the kb executable: 5–9 % less CPU on a build (bench/README.md).
        .executableTarget(name: "kb", dependencies: ["KBCommands"], linkerSettings: [.linkedLibrary("mimalloc")]),
        .executableTarget(name: "KBFuzz", dependencies: ["SiteBuilder", "SiteModel"]),
        .testTarget(name: "SiteModelTests", dependencies: ["SiteModel"]),
        .testTarget(name: "CommonMarkTests", dependencies: ["CommonMark", "SiteModel"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FrontMatterTests", dependencies: ["FrontMatter", "SiteModel"]),
        .testTarget(name: "ContentDiscoveryTests", dependencies: ["ContentDiscovery", "SiteModel"]),
        .testTarget(name: "LinkResolutionTests", dependencies: ["LinkResolution", "CommonMark", "SiteModel"]),
        .testTarget(name: "SearchIndexingTests", dependencies: ["SearchIndexing"]),
        // Mustache: the default theme's Swift renderer is tested against swift-mustache itself.
        .testTarget(
            name: "TemplatingTests",
            dependencies: ["Templating", "SiteModel", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .testTarget(
            name: "SiteBuilderTests",
            dependencies: [
                "SiteBuilder", "SiteModel", "Templating", "KBCommands", "Yams", "CommonMark", "ContentDiscovery", "FrontMatter",
                "LinkResolution",
            ]
        ),
        .testTarget(
            name: "PreviewServerTests",
            dependencies: [
                "PreviewServer", "SiteModel", "SiteBuilder", "KBCommands",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
