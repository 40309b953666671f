using System.Globalization;

namespace Console.Benchmarks;

/// <summary>Which processes descend from a given one, from the parent ids in <c>/proc/&lt;pid&gt;/stat</c> (Linux).</summary>
internal static class ProcessTree
{
    public static HashSet<int> DescendantsOf(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The command name (field 2) may hold spaces and parentheses: the parent id is the second field after the last ')'.
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // Exited while we looked.
            }
        }

        var found = new HashSet<int>();
        var next = new Stack<int>([root]);
        while (next.TryPop(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                if (found.Add(child))
                {
                    next.Push(child);
                }
            }
        }

        return found;
    }
}
