import Foundation

/// Where a long build stands, for a live progress line: the stage, how many of its items are done, of how many.
public struct BuildProgress: Sendable {
    public var stage: String
    public var done: Int
    public var total: Int

    public init(stage: String, done: Int, total: Int) {
        self.stage = stage
        self.done = done
        self.total = total
    }
}

/// Receives progress from `BuildPipeline.run` and `kb serve`'s start-up (set by the command line on a terminal).
public typealias ProgressHandler = @Sendable (BuildProgress) -> Void
