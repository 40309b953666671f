using System.Text.Json;
using Console.Shared.Storage;
using Console.Web.Apis;
using Console.Web.Alerts.Notifications;
using Console.Web.Persistence;
using Console.Web.Searching;
using Console.Shared.Query.Limits;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace Console.Web;

public static class ConsoleWebExtensions
{
    /// <summary>Registers the Blazor console (interactive server rendering with MudBlazor), the API's JSON settings, alert notification delivery and the demo traffic.</summary>
    public static IServiceCollection AddConsoleWeb(this IServiceCollection services, IConfiguration configuration)
    {
        // A browser that cannot keep up (a busy laptop, a live tail at full speed) gets at most two render batches ahead of
        // its acknowledgements, not ten: the circuit then waits and sends what changed meanwhile in one batch, so the page
        // lags by one batch's work instead of ten, and the live tail's rows arrive together instead of a second late.
        services.AddRazorComponents().AddInteractiveServerComponents(circuit => circuit.MaxBufferedUnacknowledgedRenderBatches = 2);
        services.AddMudServices();
        services.AddUserSearches();
        services.AddScoped<Discover.QueryHistory>();
        services.AddSingleton<Discover.SavedSearchService>();
        services.AddSingleton<Dashboards.DashboardValidator>();
        services.AddSingleton<Dashboards.DashboardService>();
        services.AddSingleton<Tail.LiveTailService>();
        services.AddSingleton<Health.IngestRateMeter>();
        services.AddSingleton<Health.ConsoleHealth>();
        services.AddSignalR();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddProblemDetails();
        services.AddIngestRateLimiting(configuration);
        services.AddOptions<Demo.DemoTrafficOptions>().Bind(configuration.GetSection(Demo.DemoTrafficOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Demo.DemoTrafficGenerator>();
        services.AddHostedService(sp => sp.GetRequiredService<Demo.DemoTrafficGenerator>());
        services.AddConsoleDatabase(configuration);
        services.AddAlerting(configuration);
        // Kept in the console's database, so the delivery log and the bell's list survive a restart.
        services.AddSingleton<Alerts.Notifications.Delivery.INotificationDeliveryLog, Alerts.Notifications.Delivery.DatabaseNotificationDeliveryLog>();
        services.AddSingleton<Alerts.Notifications.Feed.IConsoleNotificationFeed, Alerts.Notifications.Feed.DatabaseConsoleNotificationFeed>();
        services.AddAlertNotifications(configuration);
        return services;
    }

    /// <summary>
    /// The per-user search budget (<see cref="QueryLimitsOptions.MaxConcurrentSearchesPerUser"/>) and the services that
    /// search for the pages: Discover, dashboard panels and the rule preview get the store through <see cref="UserLogStore"/>,
    /// so their searches queue for their user's slots, which that user's API calls share.
    /// </summary>
    public static IServiceCollection AddUserSearches(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<SearchConcurrencyLimiter>();
        services.AddScoped<CurrentSearchCaller>();
        services.AddScoped<UserLogStore>();
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<Discover.DiscoverSearch>(sp, sp.GetRequiredService<UserLogStore>()));
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<Dashboards.PanelDataService>(sp, sp.GetRequiredService<UserLogStore>()));
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<Alerts.Preview.RulePreviewService>(sp, sp.GetRequiredService<UserLogStore>()));
        return services;
    }

    /// <summary>Alert rules in the console's database and the scheduler that evaluates them.</summary>
    public static IServiceCollection AddAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<Alerts.Evaluation.AlertingOptions>().Bind(configuration.GetSection(Alerts.Evaluation.AlertingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Alerts.Rules.RuleEvaluator>();
        services.AddSingleton<Alerts.Rules.AlertRuleService>();
        services.AddSingleton<Alerts.Evaluation.RuleEvaluationService>();
        services.AddHostedService(sp => sp.GetRequiredService<Alerts.Evaluation.RuleEvaluationService>());
        return services;
    }

    /// <summary>The console's own SQLite database (<see cref="ConsoleDbContext"/>), checked and migrated by Program.cs before the host starts.</summary>
    public static IServiceCollection AddConsoleDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleDatabaseOptions>().Bind(configuration.GetSection(ConsoleDatabaseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContextFactory<ConsoleDbContext>((sp, options) =>
        {
            var (file, _) = sp.GetRequiredService<IOptions<ConsoleDatabaseOptions>>().Value.Resolve(sp.GetRequiredService<IOptions<StorageOptions>>().Value);
            // Mode=ReadWrite: only ConsoleDatabaseInitializer creates the file, after checking where it goes.
            options.UseSqlite(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite }.ToString());
        });
        services.AddSingleton<ConsoleDatabaseInitializer>();
        return services;
    }
}
