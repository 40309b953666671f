using Console.Web.Alerts.Evaluation;
using Console.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Alerts;

/// <summary>A console whose scheduler does not run by itself (tests evaluate at the times they choose) and whose notifications are recorded.</summary>
public sealed class AlertsConsole : ConsoleFactory
{
    public RecordingNotifier Notifier { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Settings["Alerting:Enabled"] = "false";
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IAlertNotifier>(Notifier));
    }
}
