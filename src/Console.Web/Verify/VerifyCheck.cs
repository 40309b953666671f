using System.Globalization;

namespace Console.Web.Verify;

/// <summary>The outcome of one check, printed as one line: <c>PASS  name  detail (12 ms)</c>.</summary>
internal sealed record VerifyCheck(bool Passed, string Name, string Detail, TimeSpan Elapsed)
{
    public const string PassWord = "PASS";
    public const string FailWord = "FAIL";

    private const int NameWidth = 24;

    public static VerifyCheck Pass(string name, string detail, TimeSpan elapsed) => new(true, name, detail, elapsed);

    public static VerifyCheck Fail(string name, string detail, TimeSpan elapsed) => new(false, name, detail, elapsed);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(Passed ? PassWord : FailWord)}  {Name.PadRight(NameWidth)} {Detail} ({(long)Elapsed.TotalMilliseconds} ms)");
}
