import ArgumentParser
import Foundation
import SiteBuilder

/// `kb`: builds multilingual knowledge-base sites from Markdown.
public struct KB: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "Build a static, multilingual knowledge-base site from Markdown.",
        version: KBVersion.string,
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, StatusCommand.self, NewCommand.self, MergeCommand.self, MarkdownCommand.self],
        defaultSubcommand: BuildCommand.self)

    public init() {}

    /// Runs the command line and exits with kb's codes: 0 clean, 1 content errors, 2 usage or configuration errors.
    public static func runAndExit(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Never {
        do {
            var command = try parseAsRoot(arguments)
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            Foundation.exit(0)
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// Exit codes shared by the commands.
public enum KBExit {
    public static let clean: Int32 = 0
    public static let contentErrors: Int32 = 1
    public static let usage: Int32 = 2
}
