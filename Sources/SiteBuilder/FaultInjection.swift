import Foundation

/// Test seams for the failures a build must survive, set through the environment by the crash tests only:
/// `KB_TEST_KILL_AT=<point>` makes the process send itself SIGKILL there (exactly what a cancelled CI job does), and
/// `KB_TEST_WRITE_ERROR_AFTER=<n>` makes the writer fail with ENOSPC after n files. Unset, each costs one comparison.
enum FaultInjection {
    enum Point: String, CaseIterable, Sendable {
        /// The staging folder exists, nothing written yet.
        case staging
        /// A batch of pages has been written into the staging folder.
        case writing
        /// Every changed file is written; the swap (or, updating a site, renaming files in) is next.
        case swap
        /// A clean build: the new site is in place, the old one not yet moved away. An update: the first changed
        /// file is renamed in.
        case swapped
        /// The site is complete (a replaced old site handed to the background remover).
        case committed
    }

    static let killPoint: Point? = ProcessInfo.processInfo.environment["KB_TEST_KILL_AT"].flatMap(Point.init)
    static let writeErrorAfter: Int? = ProcessInfo.processInfo.environment["KB_TEST_WRITE_ERROR_AFTER"].flatMap { Int($0) }

    static func reached(_ point: Point) {
        guard point == killPoint else { return }
        kill(getpid(), SIGKILL)
    }
}
