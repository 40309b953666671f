using Console.Shared.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Support;

/// <summary>
/// The console with sign-in on, <see cref="MaxConcurrent"/> searches per user, and its store behind a
/// <see cref="GateLogStore"/> that holds the searches whose query mentions <see cref="GatedWord"/>.
/// </summary>
public sealed class GatedSearchConsole : AuthConsole
{
    public const int MaxConcurrent = 2;
    public const string GatedWord = "gated";

    public GatedSearchConsole()
    {
        Settings["Query:MaxConcurrentSearchesPerUser"] = MaxConcurrent.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The tests' circuits are made up: a circuit re-checking its session would sign them out mid-test.
        Settings["Auth:RevalidationInterval"] = "01:00:00";
    }

    public GateLogStore Gate => Services.GetRequiredService<GateLogStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            var store = services.Last(d => d.ServiceType == typeof(ILogStore));
            services.Remove(store);
            services.AddSingleton(sp => new GateLogStore(Resolve(store, sp)) { Gates = q => q.Query?.Contains(GatedWord, StringComparison.Ordinal) == true });
            services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<GateLogStore>());
        });
    }

    private static ILogStore Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (ILogStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
