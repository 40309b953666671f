namespace Console.Ingest.Parsing.Grok;

/// <summary>Reads a capture's target name: Logstash's <c>[client][ip]</c> or the dotted <c>client.ip</c>, both nested.</summary>
internal static class FieldPath
{
    public static bool TryParse(string field, out string[] path)
    {
        path = [];
        if (string.IsNullOrWhiteSpace(field))
        {
            return false;
        }

        if (field[0] != '[')
        {
            path = field.Split('.');
            return path.All(IsSegment);
        }

        var segments = new List<string>();
        var i = 0;
        while (i < field.Length)
        {
            if (field[i] != '[')
            {
                return false;
            }

            var close = field.IndexOf(']', i + 1);
            if (close <= i + 1)
            {
                return false;
            }

            var segment = field[(i + 1)..close];
            if (!IsSegment(segment))
            {
                return false;
            }

            segments.Add(segment);
            i = close + 1;
        }

        path = [.. segments];
        return true;
    }

    // A ':' is refused so that a misplaced type, (?<status:int>...), fails loudly instead of naming a field "status:int".
    private static bool IsSegment(string segment) => segment.Length > 0 && !segment.Contains(':', StringComparison.Ordinal);
}
