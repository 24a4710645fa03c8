import Foundation
import SiteBuilder
import SiteModel

// `kb-fuzz`: feeds inputs to `ArticleProbe.run`, which takes bytes through every content stage of a build.
//
// Built with `-sanitize=fuzzer -D KB_FUZZ` (what `make fuzz` does) it is a libFuzzer binary: coverage-guided, with
// libFuzzer's flags (`-runs=`, `-max_len=`, `-timeout=`, corpus folders). Built plainly (as `swift build` does), it
// is a seeded mutator over the files of the folders it is given, so the harness also runs where libFuzzer does not.

#if KB_FUZZ

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ArticleProbe.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzer(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main`; here it hands over to libFuzzer's driver.
@_cdecl("KBFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runLibFuzzer(&count, &arguments, fuzzOne)
}

#else

@main
struct KBFuzz {
    static func main() {
        var runs = 10_000
        var seed: UInt64 = 1
        var folders: [String] = []
        var replay: [String] = []
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--runs": runs = Int(arguments.next() ?? "") ?? runs
            case "--seed": seed = UInt64(arguments.next() ?? "") ?? seed
            case "--replay": replay.append(arguments.next() ?? "")
            case "--scaling":
                Scaling.report()
                return
            default: folders.append(argument)
            }
        }
        // `--replay FILE`: run saved inputs once each (a crasher or a slow input) and report the time.
        if !replay.isEmpty {
            for path in replay {
                let input = Array(FileManager.default.contents(atPath: path) ?? Data())
                let begin = Date()
                let (output, diagnostics, _) = ArticleProbe.run(input)
                print("\(path): \(String(format: "%.3f", Date().timeIntervalSince(begin))) s, \(output) bytes out, \(diagnostics.count) diagnostics")
            }
            return
        }
        let seeds = Mutator.seeds(in: folders)
        guard !seeds.isEmpty else {
            FileHandle.standardError.write(Data("usage: kb-fuzz [--runs N] [--seed S] FOLDER...  (Markdown/YAML seed files)\n".utf8))
            exit(2)
        }
        var mutator = Mutator(seeds: seeds, seed: seed)
        let current = FileManager.default.temporaryDirectory.appendingPathComponent("kb-fuzz-current-input").path
        var slowest = 0.0
        let started = Date()
        for run in 1...runs {
            let input = mutator.next()
            // Written before each run: if the process dies, this file is the input that killed it.
            FileManager.default.createFile(atPath: current, contents: Data(input))
            let begin = Date()
            ArticleProbe.run(input)
            let seconds = Date().timeIntervalSince(begin)
            slowest = max(slowest, seconds)
            if seconds > 1 {
                // Anything this slow on one file is a hang in the making: keep it to reproduce.
                let kept = FileManager.default.temporaryDirectory.appendingPathComponent("kb-fuzz-slow-\(seed)-\(run).md").path
                FileManager.default.createFile(atPath: kept, contents: Data(input))
                print("slow input (\(String(format: "%.2f", seconds)) s): \(kept)")
            }
            if run % 10_000 == 0 {
                print("\(run) inputs, \(String(format: "%.0f", Double(run) / Date().timeIntervalSince(started))) per second, slowest \(String(format: "%.3f", slowest)) s")
            }
        }
        print("done: \(runs) inputs from \(seeds.count) seeds, 0 crashes, slowest input \(String(format: "%.3f", slowest)) s")
    }
}

/// Times pathological shapes at n and 4n through every content stage: a ratio near 4 is linear, 16 quadratic.
enum Scaling {
    static let shapes: [(name: String, make: @Sendable (Int) -> String)] = [
        ("nested block quotes", { String(repeating: "> ", count: $0) + "x\n" }),
        ("nested lists", { String(repeating: "- ", count: $0) + "item\n" }),
        ("list items", { String(repeating: "- item\n  - sub\n", count: $0) }),
        ("open brackets", { String(repeating: "[", count: $0) + "x" }),
        ("link-like runs", { String(repeating: "[a](", count: $0) + "b" }),
        ("emphasis runs", { String(repeating: "*a **", count: $0) + "\n" }),
        ("links", { (0..<$0).map { "[l\($0)](page\($0).md#x) " }.joined() + "\n" }),
        ("table rows", { "| a | b |\n|---|---|\n" + String(repeating: "| 1 | 2 |\n", count: $0) }),
        ("headings", { (0..<$0).map { "## Heading \($0 % 10)\n\ntext\n\n" }.joined() }),
        ("backtick runs", { String(repeating: "`", count: $0) + "x" }),
        ("html anchors", { String(repeating: "<a name=\"x\"></a>", count: $0) + "\n" }),
    ]

    static func report() {
        print("shape                  n      t(n) s   t(4n) s   ratio")
        for shape in shapes {
            let n = 2_000
            let small = time(shape.make(n)), large = time(shape.make(4 * n))
            let ratio = large / max(small, 1e-6)
            let flag = ratio > 8 ? "  NONLINEAR" : ""
            print(shape.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                  + String(format: "%6d  %8.4f  %8.4f  %6.1f", n, small, large, ratio) + flag)
        }
    }

    /// The best of three runs, so one scheduling hiccup does not read as nonlinearity.
    static func time(_ text: String) -> Double {
        (0..<3).map { _ in
            let begin = Date()
            ArticleProbe.run(Array(text.utf8))
            return Date().timeIntervalSince(begin)
        }.min() ?? 0
    }
}

/// Deterministic mutations of seed files: byte flips, inserted Markdown punctuation, repeated chunks (long runs of
/// `*`, `[`, `>` …), splices of two seeds and invalid UTF-8.
struct Mutator {
    let seeds: [[UInt8]]
    var generator: SeededGenerator

    init(seeds: [[UInt8]], seed: UInt64) {
        self.seeds = seeds
        generator = SeededGenerator(seed: seed)
    }

    static func seeds(in folders: [String]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { continue }
            while let path = walker.nextObject() as? String {
                guard path.hasSuffix(".md") || path.hasSuffix(".yml"),
                      let data = FileManager.default.contents(atPath: folder + "/" + path) else { continue }
                result.append(Array(data.prefix(65_536)))
            }
        }
        return result.sorted { $0.lexicographicallyPrecedes($1) }
    }

    mutating func random(_ bound: Int) -> Int {
        Int(generator.next() % UInt64(max(bound, 1)))
    }

    static let tokens: [[UInt8]] = [
        "*", "**", "_", "[", "]", "(", ")", "<", ">", "`", "```", "#", "|", "-", ":", "\n", "\n\n", "---\n", "> ",
        "- ", "1. ", "![", "](", "<a name=\"x\"></a>", "[!NOTE]", "> [!VIDEO https://x]", "[!INCLUDE[p](includes/probe.md)]",
        ":::image type=\"complex\" source=\"a.png\" alt-text=\"x\":::", ":::image-end:::", "xref:kb.sibling", "topic:1234",
        "sibling.md#cause", "../../x.md", "javascript:", "&#106;", "\u{200B}", "ms.custom: ", "title: ", "- 7723\n",
        "|---|:-:|\n", "<script>", "{{x}}", "\\",
    ].map { Array($0.utf8) }

    mutating func next() -> [UInt8] {
        var bytes = seeds[random(seeds.count)]
        for _ in 0...random(4) {
            let at = random(bytes.count + 1)
            switch random(7) {
            case 0 where !bytes.isEmpty:
                bytes[min(at, bytes.count - 1)] ^= UInt8(1 << random(8))
            case 1:
                bytes.insert(contentsOf: Mutator.tokens[random(Mutator.tokens.count)], at: at)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, at + random(64))
                bytes.removeSubrange(min(at, end)..<end)
            case 3:
                let token = Mutator.tokens[random(Mutator.tokens.count)]
                let count = 1 + random(random(2) == 0 ? 50 : 3_000)
                bytes.insert(contentsOf: Array([[UInt8]](repeating: token, count: count).joined()), at: at)
            case 4:
                let other = seeds[random(seeds.count)]
                let from = random(other.count + 1)
                bytes.insert(contentsOf: other[from..<min(other.count, from + random(2_000))], at: at)
            case 5:
                bytes.insert(contentsOf: [[0xFF], [0xC3], [0xE3, 0x81], [0xED, 0xA0, 0x80], [0x00]][random(5)], at: at)
            default:
                let end = min(bytes.count, at + random(200))
                let chunk = Array(bytes[min(at, end)..<end])
                bytes.insert(contentsOf: Array([[UInt8]](repeating: chunk, count: 1 + random(20)).joined()), at: at)
            }
        }
        return bytes
    }
}

#endif
