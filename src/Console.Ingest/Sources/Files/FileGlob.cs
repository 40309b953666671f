using System.Text;
using System.Text.RegularExpressions;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// An absolute path pattern as Filebeat takes them: <c>*</c> and <c>?</c> within one path segment, <c>[a-z]</c> and
/// <c>[!a-z]</c> classes, and <c>**</c> for any number of directories. Expanded against the file system on each scan.
/// </summary>
internal sealed class FileGlob
{
    private const int MaxRecursionDepth = 16; // bounds a '**' that meets a symlink loop

    private static readonly EnumerationOptions ListOptions = new()
    {
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        AttributesToSkip = 0, // dotfiles are files too, as in Go's filepath.Glob
        ReturnSpecialDirectories = false,
    };

    private readonly string _root;
    private readonly Segment[] _segments;

    public FileGlob(string pattern)
    {
        Pattern = pattern;
        if (!Path.IsPathFullyQualified(pattern))
        {
            throw new ArgumentException($"'{pattern}' is not an absolute path", nameof(pattern));
        }

        var parts = pattern.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        var root = new StringBuilder(Path.GetPathRoot(pattern));
        var first = 0;
        if (OperatingSystem.IsWindows() && parts.Length > 0 && parts[0].EndsWith(':'))
        {
            first = 1; // the drive is part of the root
        }

        // Leading segments without wildcards need no directory listing.
        while (first < parts.Length - 1 && !HasWildcard(parts[first]))
        {
            root.Append(parts[first]).Append(Path.DirectorySeparatorChar);
            first++;
        }

        _root = root.ToString();
        _segments = parts[first..].Select(Segment.Parse).ToArray();
        if (_segments.Length == 0 || _segments[^1].IsRecursive)
        {
            throw new ArgumentException($"'{pattern}' does not name files", nameof(pattern));
        }
    }

    public string Pattern { get; }

    public static bool HasWildcard(string text) => text.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>The regular files that match now, in ordinal order; missing or unreadable directories match nothing.</summary>
    public IReadOnlyList<string> Expand()
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        Walk(_root, 0, 0, found);
        return found.ToList();
    }

    private void Walk(string directory, int index, int depth, SortedSet<string> found)
    {
        var segment = _segments[index];
        var last = index == _segments.Length - 1;
        if (segment.IsRecursive)
        {
            // '**' matches zero directories here, or one more level below.
            Walk(directory, index + 1, depth, found);
            if (depth < MaxRecursionDepth)
            {
                foreach (var child in ListDirectories(directory))
                {
                    Walk(child, index, depth + 1, found);
                }
            }

            return;
        }

        if (segment.Literal is { } literal)
        {
            var path = Path.Combine(directory, literal);
            if (last)
            {
                if (File.Exists(path))
                {
                    found.Add(path);
                }
            }
            else if (Directory.Exists(path))
            {
                Walk(path, index + 1, depth, found);
            }

            return;
        }

        if (last)
        {
            foreach (var file in ListFiles(directory))
            {
                if (segment.Matches(Path.GetFileName(file)))
                {
                    found.Add(file);
                }
            }

            return;
        }

        foreach (var child in ListDirectories(directory))
        {
            if (segment.Matches(Path.GetFileName(child)))
            {
                Walk(child, index + 1, depth, found);
            }
        }
    }

    private static List<string> ListFiles(string directory) => List(directory, Directory.EnumerateFiles);

    private static List<string> ListDirectories(string directory) => List(directory, Directory.EnumerateDirectories);

    private static List<string> List(string directory, Func<string, string, EnumerationOptions, IEnumerable<string>> enumerate)
    {
        try
        {
            return enumerate(directory, "*", ListOptions).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return []; // a directory that vanished or may not be read simply matches nothing this scan
        }
    }

    private sealed class Segment
    {
        private Regex? _regex;

        public string? Literal { get; private init; }

        public bool IsRecursive { get; private init; }

        public bool Matches(string name) => _regex!.IsMatch(name);

        public static Segment Parse(string text)
        {
            if (text == "**")
            {
                return new Segment { IsRecursive = true };
            }

            if (!HasWildcard(text))
            {
                return new Segment { Literal = text };
            }

            var regex = new StringBuilder("^");
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                switch (c)
                {
                    case '*':
                        regex.Append(".*");
                        break;
                    case '?':
                        regex.Append('.');
                        break;
                    case '[':
                        var close = i + 2 < text.Length ? text.IndexOf(']', i + 2) : -1;
                        if (close < 0)
                        {
                            regex.Append(@"\[");
                            break;
                        }

                        var body = text[(i + 1)..close];
                        var negated = body.StartsWith('!') || body.StartsWith('^');
                        if (negated)
                        {
                            body = body[1..];
                        }

                        regex.Append('[').Append(negated ? "^" : "").Append(body.Replace(@"\", @"\\").Replace("[", @"\[")).Append(']');
                        i = close;
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            regex.Append('$');
            return new Segment { _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline) };
        }
    }
}
