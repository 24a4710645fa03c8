import Foundation
import SiteModel
import Testing
@testable import PreviewServer
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP/1.0 client on a plain socket: enough to read a page, or an event stream as it arrives.
struct LoopbackHTTP {
    let port: Int
    private let fd: Int32

    init(port: Int) throws {
        self.port = port
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    /// HTTP/1.0 for whole pages (the server closes after the body); 1.1 for event streams, which arrive chunked as
    /// they are sent.
    func send(_ path: String, version: String = "1.0") {
        let request = "GET \(path) HTTP/\(version)\r\nHost: 127.0.0.1\r\n\r\n"
        _ = request.withCString { write(fd, $0, strlen($0)) }
    }

    /// Reads until `marker` has arrived or the connection closes; gives up after `timeout` seconds (a guard against
    /// hanging, not a measurement).
    func read(until marker: String? = nil, timeout: Double = 20) -> String {
        var received = Data()
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < deadline {
            var pollDescriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollDescriptor, 1, 100) > 0 else { continue }
            let count = Glibc.read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
            if marker == nil, LoopbackHTTP.isComplete(received) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }

    func close() { _ = Glibc.close(fd) }

    /// True once the headers and as many body bytes as `Content-Length` announces have arrived.
    static func isComplete(_ data: Data) -> Bool {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return false }
        let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
        guard let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return false }
        return data.count - end.upperBound >= length
    }

    /// A whole response to one GET.
    static func get(_ path: String, port: Int) throws -> String {
        let client = try LoopbackHTTP(port: port)
        defer { client.close() }
        client.send(path)
        return client.read()
    }
}

@Suite struct LiveServerTests {
    /// The whole loop over a real socket: the watcher sees a save, the site re-renders, the open page's event
    /// stream gets a reload naming it, and the next request gets the new HTML.
    @Test func savingAFileSendsAReloadAndServesTheNewPage() async throws {
        let site = try ServedSite(ServedSite.sample)
        let server = try await site.server(port: 0)
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let (changes, changeContinuation) = AsyncStream<SiteChange>.makeStream()
        let running = Task {
            try await server.run(
                onReady: { address in
                    readyContinuation.yield(Int(address.split(separator: ":").last!.dropLast()) ?? 0)
                },
                onChange: { changeContinuation.yield($0) })
        }
        defer { running.cancel() }
        var readyIterator = ready.makeAsyncIterator()
        let port = try #require(await readyIterator.next())
        #expect(try LoopbackHTTP.get("/en-us/a/", port: port).contains("First text."))

        let events = try LoopbackHTTP(port: port)
        defer { events.close() }
        events.send(PreviewServer.eventsURL, version: "1.1")
        let opening = events.read(until: "event: hello\ndata: \(server.broadcaster.instance)\n\n")
        #expect(opening.contains("text/event-stream"))
        #expect(opening.contains("retry: 500\nevent: hello\ndata: \(server.broadcaster.instance)\n\n"), "the stream names the server process")

        try site.write("en-us/a.md", "---\ntitle: Alpha\n---\n# Alpha\n\nSaved from an editor.\n")
        let frame = events.read(until: "\n\n")
        #expect(frame.contains("event: reload"))
        #expect(frame.contains("\"pages\":[\"/en-us/a/\"]"))
        #expect(try LoopbackHTTP.get("/en-us/a/", port: port).contains("Saved from an editor."))
        var changeIterator = changes.makeAsyncIterator()
        #expect(await changeIterator.next()?.pages == ["/en-us/a/"])

        // A new article in a new folder is picked up too.
        try site.write("en-us/new/b.md", "# Brand new\n\nHello.\n")
        let second = events.read(until: "\"*\"")
        #expect(second.contains("\"pages\":\"*\""))
        #expect(try LoopbackHTTP.get("/en-us/new/b/", port: port).contains("Hello."))
    }

    @Test func portInUseIsAClearError() async throws {
        let site = try ServedSite(ServedSite.sample)
        let first = try await site.server(port: 0)
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let running = Task {
            try await first.run(
                onReady: { readyContinuation.yield(Int($0.split(separator: ":").last!.dropLast()) ?? 0) }, onChange: { _ in })
        }
        defer { running.cancel() }
        var iterator = ready.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let second = try await site.server(port: port)
        await #expect(throws: PreviewServer.PortInUse.self) {
            try await second.run(onReady: { _ in }, onChange: { _ in })
        }
    }
}
