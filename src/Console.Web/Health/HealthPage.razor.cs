using System.Globalization;
using MudBlazor;

namespace Console.Web.Health;

/// <summary>The seed's Monitoring section in one view, read again every few seconds while the page is open.</summary>
public sealed partial class HealthPage
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _closed = new();
    private HealthReport? _report;
    private string? _error;

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        await RefreshAsync();
        _ = RefreshLoopAsync();
    }

    private async Task RefreshLoopAsync()
    {
        try
        {
            using var timer = new PeriodicTimer(RefreshInterval, Clock);
            while (await timer.WaitForNextTickAsync(_closed.Token))
            {
                await InvokeAsync(RefreshAsync);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            _report = await Health.CheckAsync(_closed.Token);
            _error = null;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or UnauthorizedAccessException)
        {
            _error = $"The health check failed: {ex.Message}";
        }

        StateHasChanged();
    }

    private static Color ColorOf(string status) => status switch
    {
        "green" => Color.Success,
        "yellow" => Color.Warning,
        _ => Color.Error,
    };

    /// <summary>Byte counts are shown as sizes; everything else as it is.</summary>
    private static string Detail(string key, string value) =>
        key.EndsWith("_bytes", StringComparison.Ordinal) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? Indices.ByteSize.Format(bytes)
            : value;
}
