using System.ComponentModel.DataAnnotations;

namespace Console.Web.Demo;

/// <summary>The <c>Demo</c> settings: synthetic THE_BOT traffic sent through the console's own receivers, off unless asked for.</summary>
public sealed class DemoTrafficOptions
{
    public const string Section = "Demo";

    /// <summary>Send demo traffic (also turned on by the <c>--demo</c> command-line switch).</summary>
    public bool Enabled { get; set; }

    /// <summary>Events a second, over all kinds together.</summary>
    [Range(1, 10_000)]
    public int EventsPerSecond { get; set; } = 20;
}
