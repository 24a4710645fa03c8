import CPosix
import Foundation
import Glibc

/// The seal on an output folder: proof that the folder still holds exactly what the build cache records, so a warm
/// build can trust its records of every output file instead of checking each one (`BuildCache.outputsDiffering`:
/// 90,000 `stat`s on a large site, over a second when the kernel's inode cache has been evicted).
///
/// A build that saves its cache stamps the folder with a fresh random token, in an extended attribute of the folder
/// (`user.kb.seal`) and in the cache, beside the stamps of the folders at the top three levels (the output folder,
/// each locale's, each section's). Every build that writes into an output folder removes the attribute before it
/// changes anything there (`SiteWriter.commit`), so the seal holds only when the last writer was the build that saved
/// this cache and it finished:
/// - a build killed at any point (before the token is set again), another build into the same folder with another
///   cache or with `--no-cache`, `kb merge`, a copy of the site that drops extended attributes, and a filesystem
///   without them all break the seal;
/// - files or folders added, removed or renamed at those three levels change a stamped folder's mtime.
/// A broken seal costs the check of every file, as before. What a seal does not see is a file deeper in the site
/// edited in place by another program (as `make` does not); `kb build --no-cache` compares every file.
struct OutputSeal: Equatable, Sendable {
    static let attribute = "user.kb.seal"
    /// Levels of folders stamped below the output folder (1: the locales, 2: their sections).
    static let levels = 2

    struct Folder: Equatable, Sendable {
        /// Relative to the output folder; "" for the folder itself.
        var path: String
        var stamp: BuildCache.Stamp
    }

    var token: String
    var folders: [Folder]

    /// A new seal for `output` as it is now: a fresh token and the stamps of its top folders.
    static func make(for output: String) -> OutputSeal {
        var generator = SystemRandomNumberGenerator()
        let token = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
        return OutputSeal(token: token, folders: folderStamps(output))
    }

    /// True when `output` carries this seal's token and every stamped folder is as it was.
    func holds(on output: String) -> Bool {
        guard Self.token(of: output) == token else { return false }
        return Self.folderStamps(output) == folders
    }

    /// Puts the token on `output`; false where the filesystem keeps no extended attributes.
    @discardableResult
    func apply(to output: String) -> Bool {
        let bytes = Array(token.utf8)
        return setxattr(output, Self.attribute, bytes, bytes.count, 0) == 0
    }

    /// Removes the token from `output` (nothing when it has none): called before a build changes the folder.
    static func breakSeal(of output: String) {
        _ = removexattr(output, attribute)
    }

    static func token(of output: String) -> String? {
        var bytes = [UInt8](repeating: 0, count: 128)
        let length = getxattr(output, attribute, &bytes, bytes.count)
        guard length > 0 else { return nil }
        return String(decoding: bytes.prefix(length), as: UTF8.self)
    }

    /// Stamps of `output` and its folders down to `levels` below it, in path order.
    static func folderStamps(_ output: String) -> [Folder] {
        var result: [Folder] = []
        func visit(_ relative: String, depth: Int) {
            let path = relative.isEmpty ? output : output + "/" + relative
            var info = stat()
            // The output folder itself may be a link to a folder (as the attribute calls follow it); below, links
            // are not folders of the site.
            guard (depth == 0 ? stat(path, &info) : lstat(path, &info)) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
            result.append(Folder(path: relative, stamp: BuildCache.Stamp(info)))
            guard depth < levels else { return }
            for entry in SiteWriter.entries(of: path).filter(\.isDirectory).map(\.name).sorted() {
                visit(relative.isEmpty ? entry : relative + "/" + entry, depth: depth + 1)
            }
        }
        visit("", depth: 0)
        return result
    }
}

extension CacheWriter {
    mutating func seal(_ seal: OutputSeal?) {
        bool(seal != nil)
        guard let seal else { return }
        string(seal.token)
        int(seal.folders.count)
        for folder in seal.folders {
            string(folder.path)
            stamp(folder.stamp)
        }
    }
}

extension CacheReader {
    mutating func seal() throws -> OutputSeal? {
        guard try bool() else { return nil }
        let token = try string()
        var folders: [OutputSeal.Folder] = []
        for _ in 0..<(try count()) {
            folders.append(OutputSeal.Folder(path: try string(), stamp: try stamp()))
        }
        return OutputSeal(token: token, folders: folders)
    }
}
