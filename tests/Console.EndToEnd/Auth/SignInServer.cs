using Console.EndToEnd.Support;

namespace Console.EndToEnd.Auth;

/// <summary>A console of its own with sign-in on and a known administrator password, for the sign-in tests.</summary>
public sealed class SignInServer : IDisposable
{
    public const string AdminPassword = "end-to-end-admin-password";

    public ConsoleServerFixture Console { get; } = new(new Dictionary<string, string>
    {
        ["Auth:Mode"] = "Required",
        ["CONSOLE_ADMIN_PASSWORD"] = AdminPassword,
    });

    public void Dispose() => Console.Dispose();
}
