import Foundation
import SiteModel

/// Hands each change to every open page's event stream (server-sent events).
actor ReloadBroadcaster {
    private var subscribers: [UUID: AsyncStream<String>.Continuation] = [:]
    private var closed = false
    /// Counts the reloads sent, so a page can tell events apart.
    private var generation = 0
    /// Names this server process: a page that reconnects to a different one (kb serve was restarted) reloads.
    nonisolated let instance = UUID().uuidString

    /// The first frame of every stream: which server process this is, and how soon to reconnect.
    nonisolated var hello: String { "retry: 500\nevent: hello\ndata: \(instance)\n\n" }

    /// A stream of SSE frames for one browser tab; it ends when the server shuts down.
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        if closed {
            continuation.finish()
            return stream
        }
        let id = UUID()
        subscribers[id] = continuation
        continuation.onTermination = { _ in Task { await self.remove(id) } }
        return stream
    }

    var subscriberCount: Int { subscribers.count }

    /// `event: reload` with `{"generation":n,"pages":["/a/"]}`, or `"pages":"*"` when every page may have changed.
    func publish(_ change: SiteChange) {
        guard change.pages.map({ !$0.isEmpty }) ?? true else { return }
        generation += 1
        let frame = "event: reload\ndata: " + ReloadBroadcaster.json(change, generation: generation) + "\n\n"
        for continuation in subscribers.values { continuation.yield(frame) }
    }

    static func json(_ change: SiteChange, generation: Int) -> String {
        let pages: Any = change.pages.map { $0.sorted() } ?? "*"
        let data = try? JSONSerialization.data(
            withJSONObject: ["generation": generation, "pages": pages], options: [.sortedKeys, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Ends every stream, so open event requests finish and the server can stop.
    func close() {
        closed = true
        for continuation in subscribers.values { continuation.finish() }
        subscribers.removeAll()
    }

    private func remove(_ id: UUID) { subscribers[id] = nil }
}
