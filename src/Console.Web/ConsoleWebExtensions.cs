using System.Text.Json;
using MudBlazor.Services;

namespace Console.Web;

public static class ConsoleWebExtensions
{
    /// <summary>Registers the Blazor console (interactive server rendering with MudBlazor) and the API's JSON settings.</summary>
    public static IServiceCollection AddConsoleWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddScoped<Discover.DiscoverSearch>();
        services.AddSingleton<Tail.LiveTailService>();
        services.AddSignalR();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.AddProblemDetails();
        return services;
    }
}
