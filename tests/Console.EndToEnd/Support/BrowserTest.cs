using Microsoft.Playwright;

namespace Console.EndToEnd.Support;

/// <summary>A test that drives the console in its own browser context (fresh cookies and storage), closed after the test.</summary>
[Collection(ConsoleCollection.Name)]
public abstract class BrowserTest(ConsoleServerFixture server, ChromiumFixture chromium) : IAsyncLifetime
{
    private IBrowserContext? _context;
    private IPage? _page;

    protected ConsoleServerFixture Server { get; } = server;

    protected IPage Page => _page ?? throw new InvalidOperationException("The page opens in InitializeAsync");

    public async Task InitializeAsync()
    {
        _context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString() });
        _context.SetDefaultTimeout(30_000);
        _page = await _context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }
    }
}
