namespace Console.Web.Apis;

/// <summary>RFC 4180 fields, and the OWASP defence against formulas in exported log text.</summary>
public static class Csv
{
    /// <summary>Quotes a field that holds a comma, quote or line break, doubling its quotes.</summary>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Log text is written by whoever sent the request: a value a spreadsheet would run as a formula (starting with
    /// = + - @ or a tab or carriage return) gets a leading apostrophe. Plain numbers and a lone "-" stay as they are.
    /// </summary>
    public static string Neutralize(string value)
    {
        if (value.Length < 2 || value[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r'))
        {
            return value;
        }

        return double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? value : "'" + value;
    }
}
