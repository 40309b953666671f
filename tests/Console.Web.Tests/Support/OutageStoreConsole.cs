using Console.Shared.Storage;
using Console.Shared.Storage.Embedded;
using Console.Web.Tests.Faults.Io;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Console.Web.Tests.Support;

/// <summary>
/// The console in memory on the real clock (the queue's and the indexer's waits must pass), its store behind an
/// <see cref="OutageLogStore"/> the test turns off and on (<see cref="Store"/>), and no ingest rate limit.
/// </summary>
public sealed class OutageStoreConsole : ConsoleFactory
{
    public OutageStoreConsole() => Settings["Ingest:RateLimit:Enabled"] = "false";

    public OutageLogStore Store => Services.GetRequiredService<OutageLogStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton(TimeProvider.System));
            services.AddSingleton(sp => new OutageLogStore(sp.GetRequiredService<LuceneLogStore>()));
            services.Replace(ServiceDescriptor.Singleton<ILogStore>(sp => sp.GetRequiredService<OutageLogStore>()));
        });
    }
}
