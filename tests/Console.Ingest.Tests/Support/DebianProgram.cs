namespace Console.Ingest.Tests.Support;

/// <summary>
/// A program from a Debian package that a test runs for real. A missing program fails the test with the package to
/// install (./test.sh installs them); it never skips, so a green run always means the real sender was exercised.
/// </summary>
public static class DebianProgram
{
    public static string Logger => Require("/usr/bin/logger", "bsdutils");

    public static string Rsyslogd => Require("/usr/sbin/rsyslogd", "rsyslog");

    public static string Nginx => Require("/usr/sbin/nginx", "nginx");

    public static string Require(string path, string package)
    {
        if (!File.Exists(path))
        {
            Assert.Fail($"{path} is missing: install the Debian package '{package}' (apt-get install -y {package}); ./test.sh does this.");
        }

        return path;
    }
}
