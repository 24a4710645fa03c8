import Dispatch
import Foundation

/// Maps `items` on all cores (or `jobs` workers) and returns the results in input order, so output never depends
/// on scheduling.
func parallelMap<T, R>(_ items: [T], jobs: Int, _ transform: (T) -> R) -> [R] {
    if items.isEmpty { return [] }
    let workers = max(1, min(jobs, items.count))
    if workers == 1 { return items.map(transform) }
    return withoutActuallyEscaping(transform) { transform in
        let box = ResultBox<R>(count: items.count)
        let chunk = max(1, items.count / (workers * 8))
        let chunks = (items.count + chunk - 1) / chunk
        let work = UncheckedSendable(transform)
        let input = UncheckedSendable(items)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let start = c * chunk
            for i in start..<min(start + chunk, input.value.count) {
                box.store(work.value(input.value[i]), at: i)
            }
        }
        return box.results()
    }
}

/// Runs `first` and `second` at the same time (with one job, one after the other) and returns both results.
func concurrently<A, B>(jobs: Int, _ first: () -> A, _ second: () -> B) -> (A, B) {
    guard jobs > 1 else { return (first(), second()) }
    return withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            let a = ResultBox<A>(count: 1), b = ResultBox<B>(count: 1)
            let work = UncheckedSendable((first, second))
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 { a.store(work.value.0(), at: 0) } else { b.store(work.value.1(), at: 0) }
            }
            return (a.results()[0], b.results()[0])
        }
    }
}

/// Work started on a thread of its own, beside whatever the caller goes on with; `value` waits for its result.
/// Parallel maps inside it spread over every core (a map nested in another's worker would run on one thread).
final class Background<T>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var result: T?

    init(_ work: @escaping () -> T) {
        let job = UncheckedSendable(work)
        let thread = Thread { [self] in
            result = job.value()
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The result, once the work is done (read from one thread).
    var value: T {
        finished.wait()
        finished.signal()
        return result!
    }
}

/// Results written by index from several threads; each slot is written exactly once, read after all writers end.
private final class ResultBox<R>: @unchecked Sendable {
    private var slots: UnsafeMutableBufferPointer<R?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    func store(_ value: R, at index: Int) { slots[index] = value }

    func results() -> [R] { slots.map { $0! } }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
