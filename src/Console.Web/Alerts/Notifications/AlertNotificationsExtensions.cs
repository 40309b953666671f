using Console.Web.Alerts.Notifications.Channels;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Notifications.Feed;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Web.Alerts.Notifications;

public static class AlertNotificationsExtensions
{
    /// <summary>
    /// Registers notification delivery: the channels, the dispatcher and its background loop, the delivery log and the
    /// in-console feed (in memory; a database-backed log or feed registered before this call replaces them).
    /// </summary>
    public static IServiceCollection AddAlertNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleUrlOptions>().Bind(configuration.GetSection(ConsoleUrlOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertNotificationOptions>().Bind(configuration.GetSection(AlertNotificationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        // Each attempt has the dispatcher's own timeout; HttpClient's 100 s default would only hide it.
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookAddressPolicy>();
        services.AddSingleton<WebhookConnector>();
        services.AddHttpClient(WebhookPoster.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Every connection goes through the address guard. No proxy: a proxy would resolve and connect for us,
                // out of the guard's sight. No redirects: see WebhookPoster.
                ConnectCallback = sp.GetRequiredService<WebhookConnector>().ConnectAsync,
                UseProxy = false,
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddSingleton<WebhookPoster>();
        services.AddSingleton<INotificationChannel, WebhookChannel>();
        services.AddSingleton<INotificationChannel, SlackChannel>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddSingleton<INotificationChannel, ConsoleFeedChannel>();
        services.AddSingleton<DiscoverLinks>();
        services.AddSingleton<NotificationChannelValidator>();
        services.AddSingleton<NotificationChannelService>();
        services.AddSingleton<ChannelTestSender>();
        services.AddSingleton<INotificationChannelLookup>(sp => sp.GetRequiredService<NotificationChannelService>());
        services.TryAddSingleton<INotificationDeliveryLog, InMemoryNotificationDeliveryLog>();
        services.TryAddSingleton<IConsoleNotificationFeed, InMemoryConsoleNotificationFeed>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddSingleton<INotificationDispatcher>(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDispatcher>());
        services.AddSingleton<Evaluation.IAlertNotifier, DispatchingAlertNotifier>();
        return services;
    }
}
