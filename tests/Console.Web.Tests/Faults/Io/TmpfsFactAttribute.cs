namespace Console.Web.Tests.Faults.Io;

/// <summary>A fact that needs <see cref="TmpfsMount"/>: skipped, with the reason, where a tmpfs cannot be mounted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> WhyNot = new(() =>
    {
        using var probe = TmpfsMount.TryMount(1024 * 1024, out var whyNot);
        return whyNot;
    });

    public TmpfsFactAttribute()
    {
        if (WhyNot.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
