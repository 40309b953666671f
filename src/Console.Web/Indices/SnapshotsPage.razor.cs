using Console.Shared.Storage;
using Console.Shared.Storage.Snapshots;
using Console.Web.Auth;
using MudBlazor;

namespace Console.Web.Indices;

/// <summary>Takes, lists, restores and deletes snapshots; while one is being taken the list is read again every half second.</summary>
public sealed partial class SnapshotsPage
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    private readonly HashSet<string> _chosen = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closed = new();
    private IReadOnlyList<IndexStatus> _indices = [];
    private IReadOnlyList<SnapshotSummary> _snapshots = [];
    private string _name = "";
    private string _pattern = "";
    private string? _nameError;
    private string? _createError;
    private bool _loading;
    private bool _starting;
    private bool _polling;

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        _name = "snapshot-" + Clock.GetUtcNow().UtcDateTime.ToString("yyyy.MM.dd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        ValidateName();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _indices = await Administration.ListIndexStatusAsync("*");
            _chosen.IntersectWith(_indices.Select(i => i.Name));
            _snapshots = await Snapshots.ListAsync();
        }
        catch (Exception ex) when (ex is HttpRequestException or StoreRequestException)
        {
            Snackbar.Add($"The snapshot repository cannot be read: {ex.Message}", Severity.Error);
        }
        finally
        {
            _loading = false;
        }

        if (_snapshots.Any(s => s.State == SnapshotState.InProgress) && !_polling)
        {
            _ = PollAsync();
        }
    }

    /// <summary>Reads the list again until no snapshot is in progress, so the progress bars move.</summary>
    private async Task PollAsync()
    {
        _polling = true;
        try
        {
            while (!_closed.IsCancellationRequested && _snapshots.Any(s => s.State == SnapshotState.InProgress))
            {
                await Task.Delay(ProgressInterval, Clock, _closed.Token);
                _snapshots = await Snapshots.ListAsync(_closed.Token);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or StoreRequestException)
        {
            Snackbar.Add($"Reading the snapshots' progress failed: {ex.Message}", Severity.Warning);
        }
        finally
        {
            _polling = false;
        }
    }

    private void ValidateName()
    {
        _nameError = SnapshotNames.Validate(_name);
        if (_nameError is null && _snapshots.Any(s => s.Name == _name))
        {
            _nameError = $"a snapshot named {_name} already exists";
        }
    }

    private void Choose(string index, bool chosen)
    {
        if (chosen)
        {
            _chosen.Add(index);
        }
        else
        {
            _chosen.Remove(index);
        }
    }

    private async Task CreateAsync()
    {
        if (!await Access.CanAdministerAsync())
        {
            Snackbar.Add(UserAccess.Refused, Severity.Error);
            return;
        }

        _createError = null;
        var pattern = _chosen.Count > 0 ? string.Join(',', _chosen.Order(StringComparer.Ordinal)) : _pattern.Trim();
        if (pattern.Length == 0)
        {
            _createError = "Tick the indices to take, or type an index pattern";
            return;
        }

        _starting = true;
        try
        {
            var started = await Snapshots.StartAsync(_name, pattern);
            Snackbar.Add($"Taking snapshot {started.Name} of {started.Indices.Count} indices", Severity.Info);
            _name = "snapshot-" + Clock.GetUtcNow().UtcDateTime.ToString("yyyy.MM.dd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
            _chosen.Clear();
            await LoadAsync();
            ValidateName();
        }
        catch (Exception ex) when (ex is StoreRequestException or HttpRequestException)
        {
            _createError = ex.Message;
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task RestoreAsync(SnapshotSummary snapshot)
    {
        if (!await Access.CanAdministerAsync())
        {
            Snackbar.Add(UserAccess.Refused, Severity.Error);
            return;
        }

        var parameters = new DialogParameters<RestoreSnapshotDialog> { { d => d.Snapshot, snapshot } };
        var dialog = await Dialogs.ShowAsync<RestoreSnapshotDialog>($"Restore {snapshot.Name}", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: RestoreResult restored })
        {
            Snackbar.Add($"Restored {string.Join(", ", restored.Indices)} ({restored.Files} files, {ByteSize.Format(restored.Bytes)})", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(SnapshotSummary snapshot)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete snapshot",
            $"Delete snapshot {snapshot.Name} of {snapshot.Indices.Count} indices? This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        if (!await Access.CanAdministerAsync())
        {
            Snackbar.Add(UserAccess.Refused, Severity.Error);
            return;
        }

        try
        {
            if (await Snapshots.DeleteAsync(snapshot.Name))
            {
                Snackbar.Add($"Deleted snapshot {snapshot.Name}", Severity.Success);
            }
        }
        catch (Exception ex) when (ex is StoreRequestException or HttpRequestException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await LoadAsync();
    }

    private static double Percent(SnapshotSummary s) =>
        s.BytesTotal > 0 ? 100.0 * s.BytesDone / s.BytesTotal : s.FilesTotal > 0 ? 100.0 * s.FilesDone / s.FilesTotal : 0;

    private static Color StateColor(SnapshotState state) => state switch
    {
        SnapshotState.Success => Color.Success,
        SnapshotState.InProgress => Color.Info,
        SnapshotState.Partial => Color.Warning,
        _ => Color.Error,
    };
}
