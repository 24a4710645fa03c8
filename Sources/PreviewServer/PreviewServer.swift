import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SiteModel

/// `kb serve`'s HTTP side: answers requests from a site it is handed as closures, watches the source folders, and
/// tells open pages to reload when a change touches them. It knows nothing of how the site is built.
public struct PreviewServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Folders whose changes go to `rebuild` (content, templates).
        public var watchedFolders: [String]
        /// Files the site hands over by path are served only when they really lie under one of these folders
        /// (symlinks resolved).
        public var servedFolders: [String]

        public init(host: String = "127.0.0.1", port: Int = 8080, watchedFolders: [String], servedFolders: [String]) {
            self.host = host
            self.port = port
            self.watchedFolders = watchedFolders
            self.servedFolders = servedFolders
        }
    }

    /// The site file at a site-relative path (`ja-jp/a/index.html`), or nil.
    public typealias Lookup = @Sendable (String) async -> SiteFile?
    /// Applies changed paths and says what changed.
    public typealias Rebuild = @Sendable ([String]) async -> SiteChange

    public static let scriptURL = "/_kb/live.js"
    public static let eventsURL = "/_kb/events"

    public let configuration: Configuration
    let lookup: Lookup
    let rebuild: Rebuild
    let broadcaster = ReloadBroadcaster()
    private let servedRoots: [String]

    public init(_ configuration: Configuration, lookup: @escaping Lookup, rebuild: @escaping Rebuild) {
        self.configuration = configuration
        self.lookup = lookup
        self.rebuild = rebuild
        servedRoots = configuration.servedFolders.compactMap(PreviewServer.realPath)
    }

    /// Serves until Ctrl-C or SIGTERM. `onReady` gets the address once the port is bound; `onChange` every applied
    /// change. A port in use throws `PortInUse`.
    public func run(onReady: @escaping @Sendable (String) -> Void, onChange: @escaping @Sendable (SiteChange) -> Void) async throws {
        let watcher = FileWatcher()
        try watcher.start(configuration.watchedFolders)
        let changes = ChangeService(watcher: watcher, server: self, onChange: onChange)
        let host = configuration.host, port = configuration.port
        // Port 0 lets the system choose: report the port really bound.
        let app = application { channel in onReady("http://\(host):\(channel.localAddress?.port ?? port)/") }
        // Services stop in reverse order: the change service first, so open event streams end before the HTTP
        // server waits for its connections to close.
        var logger = Logger(label: "kb.serve")
        logger.logLevel = .error
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: app), .init(service: changes)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            watcher.stop()
            if PreviewServer.isAddressInUse(error) {
                throw PortInUse(host: configuration.host, port: configuration.port)
            }
            throw error
        }
    }

    public struct PortInUse: Error, CustomStringConvertible {
        public let host: String
        public let port: Int
        public var description: String {
            "port \(port) on \(host) is already in use; stop the other server or choose another port with --port \(port + 1)"
        }
    }

    /// The Hummingbird application (tests drive it in-process with HummingbirdTesting).
    public func application(
        services: [any Service] = [], onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        // kb reports what matters itself (a port in use, bad content); the server's own log would only add noise
        // such as connections cut at shutdown.
        var logger = Logger(label: "kb.serve")
        logger.logLevel = .critical
        return Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await self.respond(to: request) },
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "kb"),
            services: services, onServerRunning: onServerRunning, logger: logger)
    }

    /// Applies a batch of changes and tells the open pages (what the watcher does; tests call it directly).
    @discardableResult
    public func applyChanges(_ paths: [String]) async -> SiteChange {
        let change = await rebuild(paths)
        await broadcaster.publish(change)
        return change
    }

    // MARK: Requests

    func respond(to request: Request) async -> Response {
        guard request.method == .get || request.method == .head else {
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD"])
        }
        let urlPath = request.uri.path
        if urlPath == PreviewServer.scriptURL {
            return text(LiveReloadScript.source, type: "text/javascript; charset=utf-8", status: .ok)
        }
        if urlPath == PreviewServer.eventsURL { return await events() }
        guard let path = SitePath.resolve(urlPath) else { return await notFound(urlPath) }
        if let file = await lookup(path), let response = serve(file) { return response }
        // `/ja-jp/a` → `/ja-jp/a/`, as static hosts do.
        if SitePath.looksLikeFolder(path), await lookup(path + "/index.html") != nil {
            return Response(status: .movedPermanently, headers: [.location: urlPath + "/", .cacheControl: "no-store"])
        }
        return await notFound(path)
    }

    private func serve(_ file: SiteFile) -> Response? {
        let type = ContentType.of(file.path)
        switch file.contents {
        case .text(let html):
            return text(html, type: type, status: .ok)
        case .bytes(let bytes):
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case .copy(let source):
            // Only files that really lie under a served folder: a symlink in the content cannot reach outside.
            guard let real = PreviewServer.realPath(source),
                  servedRoots.contains(where: { real.hasPrefix($0 + "/") }),
                  let data = FileManager.default.contents(atPath: real) else { return nil }
            return Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// The locale's 404 page (the first path segment names the locale), else the site's, with status 404.
    private func notFound(_ path: String) async -> Response {
        let first = path.split(separator: "/").first.map(String.init) ?? ""
        var page: SiteFile? = nil
        if !first.isEmpty, !first.contains(".") { page = await lookup(first + "/404.html") }
        if page == nil { page = await lookup("404.html") }
        if let html = page?.text {
            return text(html, type: "text/html; charset=utf-8", status: .notFound)
        }
        return text("Not found\n", type: "text/plain; charset=utf-8", status: .notFound)
    }

    private func text(_ text: String, type: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The server-sent event stream of one page.
    private func events() async -> Response {
        let stream = await broadcaster.subscribe()
        let hello = broadcaster.hello
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: ": kb live reload\n" + hello))
                for await frame in stream.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: frame))
                }
                try await writer.finish(nil)
            })
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isAddressInUse(_ error: Error) -> Bool {
        if let io = error as? IOError, io.errnoCode == EADDRINUSE { return true }
        return "\(error)".contains("Address already in use")
    }
}

/// Runs beside the HTTP server: turns watcher batches into rebuilds and reload events, and on shutdown stops the
/// watcher and ends the open event streams so the server can finish.
struct ChangeService: Service {
    let watcher: FileWatcher
    let server: PreviewServer
    let onChange: @Sendable (SiteChange) -> Void

    func run() async throws {
        await withGracefulShutdownHandler {
            for await batch in watcher.changes.cancelOnGracefulShutdown() {
                onChange(await server.applyChanges(batch))
            }
        } onGracefulShutdown: {
            watcher.stop()
            Task { await server.broadcaster.close() }
        }
    }
}
