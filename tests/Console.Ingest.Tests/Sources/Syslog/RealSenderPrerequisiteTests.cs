using Console.Ingest.Tests.Support;
using Xunit.Sdk;

namespace Console.Ingest.Tests.Sources.Syslog;

/// <summary>The real-sender tests fail, never skip, when a Debian package is missing, and say which one to install.</summary>
public class RealSenderPrerequisiteTests
{
    [Fact]
    public void A_missing_program_fails_the_test_with_the_package_to_install()
    {
        var error = Assert.Throws<FailException>(() => DebianProgram.Require("/usr/sbin/no-such-syslogd", "no-such-package"));

        Assert.Contains("/usr/sbin/no-such-syslogd is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y no-such-package", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_senders_are_installed()
    {
        Assert.True(File.Exists(DebianProgram.Logger));
        Assert.True(File.Exists(DebianProgram.Rsyslogd));
        Assert.True(File.Exists(DebianProgram.Nginx));
    }
}
