using System.Globalization;
using Console.Shared.Storage;
using Microsoft.AspNetCore.Components;

namespace Console.Web.Dashboards;

/// <summary>
/// Edits one panel: every change is checked by <see cref="DashboardValidator"/> (against the pattern's fields), each
/// field shows its own error, and a valid panel is previewed live over the dashboard's range.
/// </summary>
public sealed partial class PanelEditor
{
    private const string FieldListId = "panel-editor-fields";

    private string _title = "";
    private string _type = DashboardNames.Of(PanelType.TimeSeries);
    private string _index = DashboardDefaults.Index;
    private string _query = "";
    private string _metric = "count";
    private string _field = "";
    private string _numerator = "";
    private string _percents = "";
    private string? _percentsError;
    private string _splitField = "";
    private int? _size;
    private double? _splitInterval;
    private string _breakdownField = "";
    private int? _breakdownSize;
    private string _interval = "auto";
    private string _columns = "";
    private int _width = DashboardPanel.DefaultWidth;
    private PanelValidation? _validation;
    private DashboardPanel? _preview;
    private IReadOnlyList<LogField> _fields = [];
    private string? _fieldsOf;
    private PanelInput? _initialized;

    [Inject]
    private DashboardValidator Validator { get; set; } = default!;

    [Inject]
    private ILogStore Store { get; set; } = default!;

    /// <summary>The panel to edit; null for a new one.</summary>
    [Parameter]
    public PanelInput? Initial { get; set; }

    [Parameter]
    public string From { get; set; } = DashboardDefaults.From;

    [Parameter]
    public string To { get; set; } = DashboardDefaults.To;

    [Parameter]
    public EventCallback<DashboardPanel> OnSave { get; set; }

    [Parameter]
    public EventCallback OnCancel { get; set; }

    private bool IsNew => Initial is null;

    private bool IsRatio => _metric == DashboardNames.Ratio && _type != Name(PanelType.Percentiles) && _type != Name(PanelType.Table);

    private bool HasSplit => _type == Name(PanelType.TimeSeries) || _type == Name(PanelType.Bar) || _type == Name(PanelType.Donut);

    protected override async Task OnParametersSetAsync()
    {
        var initial = Initial ?? new PanelInput();
        if (ReferenceEquals(_initialized, initial) || (_initialized is not null && Initial is null))
        {
            return;
        }

        _initialized = initial;
        _title = initial.Title ?? "";
        _type = initial.Type ?? DashboardNames.Of(PanelType.TimeSeries);
        _index = initial.Index ?? DashboardDefaults.Index;
        _query = initial.Query ?? "";
        _metric = initial.Metric ?? "count";
        _field = initial.Field ?? "";
        _numerator = initial.Numerator ?? "";
        _percents = initial.Percents is { Count: > 0 } p ? string.Join(",", p.Select(v => v.ToString(CultureInfo.InvariantCulture))) : "";
        _splitField = initial.SplitField ?? "";
        _size = initial.Size;
        _splitInterval = initial.SplitInterval;
        _breakdownField = initial.BreakdownField ?? "";
        _breakdownSize = initial.BreakdownSize;
        _interval = initial.Interval ?? "auto";
        _columns = initial.Columns is { Count: > 0 } c ? string.Join(",", c) : "";
        _width = initial.Width ?? DashboardPanel.DefaultWidth;
        await ValidateAsync();
    }

    /// <summary>The panel as the form holds it, for the validator.</summary>
    public PanelInput ToInput() => new()
    {
        Title = _title,
        Type = _type,
        Index = _index,
        Query = _query,
        Metric = _type == Name(PanelType.Percentiles) ? "percentiles" : _type == Name(PanelType.Table) ? null : _metric,
        Field = _type == Name(PanelType.Table) || (_metric is "count" or DashboardNames.Ratio && _type != Name(PanelType.Percentiles)) ? null : Blank(_field),
        // Kept as typed even when empty, so a ratio without one says so under its field.
        Numerator = IsRatio ? _numerator : null,
        Percents = _type == Name(PanelType.Percentiles) ? ParsePercents() : null,
        SplitField = HasSplit ? Blank(_splitField) : null,
        Size = HasSplit || _type == Name(PanelType.Table) ? _size : null,
        SplitInterval = HasSplit && Blank(_splitField) is not null ? _splitInterval : null,
        BreakdownField = _type == Name(PanelType.Bar) ? Blank(_breakdownField) : null,
        BreakdownSize = _type == Name(PanelType.Bar) && Blank(_breakdownField) is not null ? _breakdownSize : null,
        Interval = _interval,
        Columns = _type == Name(PanelType.Table) ? _columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
        Width = _width,
    };

    private static string Name(PanelType type) => DashboardNames.Of(type);

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private bool Has(string path) => _validation?.ErrorOf(path) is not null;

    private string? ErrorText(string path) => _validation?.ErrorOf(path) is { } error
        ? error.Position is { } at ? $"{error.Message} (at character {at + 1})" : error.Message
        : null;

    private async Task SetAsync(Action change)
    {
        change();
        await ValidateAsync();
    }

    private List<double>? ParsePercents()
    {
        _percentsError = null;
        if (string.IsNullOrWhiteSpace(_percents))
        {
            return null;
        }

        var list = new List<double>();
        foreach (var part in _percents.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                _percentsError = $"'{part}' is not a number";
                return null;
            }

            list.Add(value);
        }

        return list;
    }

    private async Task ValidateAsync()
    {
        var input = ToInput();
        _validation = await Validator.ValidatePanelAsync(input);
        var panel = _validation.Panel;
        // A new preview only when the panel really changed, so typing in a field that does not change it keeps the chart.
        if (panel is null || _percentsError is not null)
        {
            _preview = null;
        }
        else if (_preview is null || !PanelComparer.Instance.Equals(_preview, panel))
        {
            _preview = panel;
        }

        await LoadFieldsAsync();
    }

    private async Task LoadFieldsAsync()
    {
        var pattern = _index.Trim();
        if (pattern == _fieldsOf || Console.Shared.Events.IndexNames.ValidatePattern(pattern) is not null)
        {
            return;
        }

        _fieldsOf = pattern;
        _fields = await Store.GetFieldsAsync(pattern);
    }

    private async Task SaveAsync()
    {
        await ValidateAsync();
        if (_validation?.Panel is { } panel && _percentsError is null)
        {
            await OnSave.InvokeAsync(panel);
        }
    }
}
