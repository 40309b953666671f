using System.Text.Json;
using MudBlazor.Services;

namespace Console.Web;

public static class ConsoleWebExtensions
{
    /// <summary>Registers the Blazor console (interactive server rendering with MudBlazor), the API's JSON settings and the demo traffic.</summary>
    public static IServiceCollection AddConsoleWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<Discover.DiscoverSearch>();
        services.AddScoped<Discover.QueryHistory>();
        services.AddSingleton<Tail.LiveTailService>();
        services.AddSignalR();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddProblemDetails();
        services.AddOptions<Demo.DemoTrafficOptions>().Bind(configuration.GetSection(Demo.DemoTrafficOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Demo.DemoTrafficGenerator>();
        services.AddHostedService(sp => sp.GetRequiredService<Demo.DemoTrafficGenerator>());
        return services;
    }
}
