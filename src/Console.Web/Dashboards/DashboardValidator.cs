using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;
using Console.Shared.Events;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Discover;

namespace Console.Web.Dashboards;

/// <summary>
/// Checks a dashboard or one panel before it is saved, imported or previewed, and gives every reason at once: the title,
/// the time range (date math), the refresh, each panel's type, index pattern, query (parsed against the pattern's fields,
/// with the character of a syntax error), metric and fields (a metric that needs a number refuses a text field),
/// split and sizes. Fields the pattern does not have yet are allowed: a dashboard may be made before its data arrives.
/// </summary>
public sealed class DashboardValidator(ILogStore store, TimeProvider clock, IOptions<QueryLimitsOptions>? limits = null)
{
    public const int MaxSplitSize = 50;
    public const int MaxBreakdownSize = 20;
    public const int MaxTableRows = 100;
    public const int MaxColumns = 20;
    public const int MaxQueryLength = 10_000;
    public const int MaxPercents = AggregationLimits.MaxPercents;

    public async Task<DashboardValidation> ValidateAsync(DashboardInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<DashboardError>();
        if (input.Version is { } version && version != DashboardInput.CurrentVersion)
        {
            errors.Add(new("version", $"version {version} is not known to this console: it reads version {DashboardInput.CurrentVersion}"));
        }

        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors.Add(new("title", "give the dashboard a title"));
        }
        else if (title.Length > Dashboard.MaxTitleLength)
        {
            errors.Add(new("title", $"at most {Dashboard.MaxTitleLength} characters ({title.Length} given)"));
        }

        var description = input.Description?.Trim() ?? "";
        if (description.Length > Dashboard.MaxDescriptionLength)
        {
            errors.Add(new("description", $"at most {Dashboard.MaxDescriptionLength} characters ({description.Length} given)"));
        }

        var from = string.IsNullOrWhiteSpace(input.From) ? DashboardDefaults.From : input.From.Trim();
        var to = string.IsNullOrWhiteSpace(input.To) ? DashboardDefaults.To : input.To.Trim();
        errors.AddRange(CheckRange(from, to, clock.GetUtcNow()));

        var refresh = input.RefreshSeconds ?? 0;
        if (!DashboardDefaults.RefreshChoices.Contains(refresh))
        {
            errors.Add(new("refresh_seconds", $"{refresh} is not a refresh choice: use {string.Join(", ", DashboardDefaults.RefreshChoices)} (0 is off)"));
        }

        var inputs = input.Panels ?? [];
        if (inputs.Count > Dashboard.MaxPanels)
        {
            errors.Add(new("panels", $"at most {Dashboard.MaxPanels} panels ({inputs.Count} given)"));
        }

        var panels = new List<DashboardPanel>(inputs.Count);
        var fieldsByPattern = new Dictionary<string, IReadOnlyList<LogField>>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count && i < Dashboard.MaxPanels; i++)
        {
            if (inputs[i] is null)
            {
                errors.Add(new($"panels[{i}]", "a panel must be a JSON object"));
                continue;
            }

            var checkedPanel = await ValidatePanelAsync(inputs[i], fieldsByPattern, cancellationToken);
            errors.AddRange(checkedPanel.Errors.Select(e => e with { Path = $"panels[{i}].{e.Path}" }));
            if (checkedPanel.Panel is { } panel)
            {
                panels.Add(panel);
            }
        }

        if (errors.Count > 0)
        {
            return new DashboardValidation(null, errors);
        }

        return new DashboardValidation(new Dashboard { Title = title, Description = description, From = from, To = to, RefreshSeconds = refresh, Panels = panels }, []);
    }

    /// <summary>Checks one panel (for the editor and its preview); error paths are the panel's own fields.</summary>
    public Task<PanelValidation> ValidatePanelAsync(PanelInput input, CancellationToken cancellationToken = default) =>
        ValidatePanelAsync(input, new Dictionary<string, IReadOnlyList<LogField>>(StringComparer.Ordinal), cancellationToken);

    /// <summary>Why <paramref name="from"/>..<paramref name="to"/> is not a time range, or nothing.</summary>
    public static IEnumerable<DashboardError> CheckRange(string from, string to, DateTimeOffset now)
    {
        DateTimeOffset? start = null, end = null;
        if (from is not ("" or "*"))
        {
            if (DateMath.TryParse(from, now, roundUp: false, out var parsed, out var reason))
            {
                start = parsed;
            }
            else
            {
                yield return new("from", reason);
            }
        }

        if (to is not ("" or "*"))
        {
            if (DateMath.TryParse(to, now, roundUp: true, out var parsed, out var reason))
            {
                end = parsed;
            }
            else
            {
                yield return new("to", reason);
            }
        }

        if (start is { } s && end is { } e && e < s)
        {
            yield return new("to", $"the range ends ({e:O}) before it starts ({s:O})");
        }
    }

    private async Task<PanelValidation> ValidatePanelAsync(PanelInput input, Dictionary<string, IReadOnlyList<LogField>> fieldsByPattern, CancellationToken cancellationToken)
    {
        var errors = new List<DashboardError>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors.Add(new("title", "give the panel a title"));
        }
        else if (title.Length > Dashboard.MaxTitleLength)
        {
            errors.Add(new("title", $"at most {Dashboard.MaxTitleLength} characters ({title.Length} given)"));
        }

        PanelType type = PanelType.TimeSeries;
        var typeKnown = true;
        if (string.IsNullOrWhiteSpace(input.Type))
        {
            errors.Add(new("type", $"choose a panel type: {string.Join(", ", DashboardNames.TypeNames)}"));
            typeKnown = false;
        }
        else if (!DashboardNames.TryParseType(input.Type, out type))
        {
            errors.Add(new("type", $"unknown panel type '{input.Type.Trim()}': use {string.Join(", ", DashboardNames.TypeNames)}"));
            typeKnown = false;
        }

        var index = string.IsNullOrWhiteSpace(input.Index) ? DashboardDefaults.Index : input.Index.Trim();
        var indexError = IndexNames.ValidatePattern(index);
        if (indexError is not null)
        {
            errors.Add(new("index", indexError));
        }

        IReadOnlyList<LogField> fields = [];
        if (indexError is null)
        {
            if (!fieldsByPattern.TryGetValue(index, out var known))
            {
                known = await store.GetFieldsAsync(index, cancellationToken);
                fieldsByPattern[index] = known;
            }

            fields = known;
        }

        var types = new FieldTypeMap(fields);
        var query = input.Query?.Trim() ?? "";
        if (query.Length > MaxQueryLength)
        {
            errors.Add(new("query", $"at most {MaxQueryLength} characters ({query.Length} given)"));
        }
        else if (query.Length > 0)
        {
            try
            {
                LogQueryParser.Parse(query, types, clock.GetUtcNow(), limits?.Value ?? LogQueryParser.DefaultLimits);
            }
            catch (QuerySyntaxException ex)
            {
                errors.Add(new("query", ex.Message, ex.Position));
            }
        }

        var metric = MetricKind.Count;
        var isRatio = string.Equals(input.Metric?.Trim(), DashboardNames.Ratio, StringComparison.OrdinalIgnoreCase);
        if (!isRatio && !string.IsNullOrWhiteSpace(input.Metric) && !DashboardNames.TryParseMetric(input.Metric, out metric))
        {
            errors.Add(new("metric", $"unknown metric '{input.Metric.Trim()}': use {string.Join(", ", DashboardNames.MetricNames)}"));
        }

        if (typeKnown && type == PanelType.Percentiles && !isRatio)
        {
            metric = MetricKind.Percentiles; // the panel is the metric; "count" or nothing in its metric is not an error
        }

        var numerator = CheckRatio(isRatio, typeKnown ? type : null, input, types, errors);

        var field = Blank(input.Field);
        var splitField = Blank(input.SplitField);
        var breakdownField = Blank(input.BreakdownField);
        if (typeKnown && !isRatio)
        {
            CheckMetric(type, metric, field, types, errors);
        }

        if (typeKnown)
        {
            CheckSplit(type, splitField, input, types, errors);
            CheckBreakdown(type, splitField, breakdownField, input, types, errors);
        }

        var percents = input.Percents ?? [];
        if (percents.Count > 0 && metric != MetricKind.Percentiles)
        {
            errors.Add(new("percents", "percents apply to the percentiles metric"));
        }
        else if (percents.Count > MaxPercents)
        {
            errors.Add(new("percents", $"at most {MaxPercents} percents ({percents.Count} given)"));
        }
        else if (percents.Any(p => !(p is >= 0 and <= 100)))
        {
            errors.Add(new("percents", $"{percents.First(p => !(p is >= 0 and <= 100))} is not a percent between 0 and 100"));
        }

        var interval = string.IsNullOrWhiteSpace(input.Interval) ? "auto" : input.Interval.Trim();
        if (!HistogramIntervals.TryParse(interval, out _, out var intervalError))
        {
            errors.Add(new("interval", intervalError));
        }

        var columns = input.Columns?.Select(c => c?.Trim() ?? "").ToList() ?? [];
        if (columns.Count > 0 && type != PanelType.Table)
        {
            errors.Add(new("columns", "columns apply to a latest-events table"));
        }
        else if (columns.Count > MaxColumns)
        {
            errors.Add(new("columns", $"at most {MaxColumns} columns ({columns.Count} given)"));
        }
        else if (columns.Any(c => c.Length == 0 || c.Contains(',', StringComparison.Ordinal)))
        {
            errors.Add(new("columns", "each column must be a field name"));
        }

        var width = input.Width ?? DashboardPanel.DefaultWidth;
        if (!DashboardDefaults.Widths.Contains(width))
        {
            errors.Add(new("width", $"{width} is not a panel width: use {string.Join(", ", DashboardDefaults.Widths)} (of 12 columns)"));
        }

        if (errors.Count > 0)
        {
            return new PanelValidation(null, errors);
        }

        return new PanelValidation(new DashboardPanel
        {
            Title = title,
            Type = type,
            Index = index,
            Query = query,
            Metric = type == PanelType.Table ? MetricKind.Count : metric,
            Numerator = numerator,
            Field = metric == MetricKind.Count || type == PanelType.Table ? null : field,
            Percents = percents.ToList(),
            SplitField = splitField,
            Size = input.Size ?? DefaultSize(type),
            SplitInterval = splitField is null ? null : input.SplitInterval,
            BreakdownField = breakdownField,
            BreakdownSize = input.BreakdownSize ?? 5,
            Interval = interval,
            Columns = columns,
            Width = width,
        }, []);
    }

    private static int DefaultSize(PanelType type) => type switch
    {
        PanelType.Table => 10,
        PanelType.Bar => 10,
        _ => 5,
    };

    private static void CheckMetric(PanelType type, MetricKind metric, string? field, FieldTypeMap types, List<DashboardError> errors)
    {
        if (type == PanelType.Table)
        {
            return;
        }

        if (metric == MetricKind.Percentiles && type is not (PanelType.Percentiles or PanelType.SingleStat))
        {
            errors.Add(new("metric", $"a {DashboardNames.Of(type)} panel shows one value per point: use a percentiles panel for percentiles"));
            return;
        }

        if (metric == MetricKind.Count)
        {
            if (field is not null)
            {
                errors.Add(new("field", "count takes no field (to count the events that have one, query _exists_:field)"));
            }

            return;
        }

        var name = DashboardNames.Of(metric);
        if (field is null)
        {
            errors.Add(new("field", $"{name} needs a field"));
            return;
        }

        var fieldType = types.TypeOf(field);
        switch (metric, fieldType)
        {
            case (MetricKind.Cardinality, FieldType.Text):
                errors.Add(new("field", $"{field} is a full-text field; cardinality needs a keyword, numeric or boolean field"));
                break;
            case (not MetricKind.Cardinality, FieldType.Text or FieldType.Boolean):
                errors.Add(new("field", $"{field} is a {fieldType.ToString()!.ToLowerInvariant()} field; {name} needs a numeric field"));
                break;
        }
    }

    /// <summary>
    /// Checks a ratio panel (or that a numerator comes only with one) and gives its numerator query. A ratio is a count
    /// over a count, shown per point, bar or value: not on a donut (its slices would not add up), a percentiles panel or
    /// a table, and split by value only, since each value's numerator is counted under a filter on that value.
    /// </summary>
    private string? CheckRatio(bool isRatio, PanelType? type, PanelInput input, FieldTypeMap types, List<DashboardError> errors)
    {
        var numerator = input.Numerator?.Trim() ?? "";
        if (!isRatio)
        {
            if (numerator.Length > 0)
            {
                errors.Add(new("numerator", "a numerator applies to the ratio metric"));
            }

            return null;
        }

        if (type is PanelType.Donut or PanelType.Percentiles or PanelType.Table)
        {
            errors.Add(new("metric", $"a {DashboardNames.Of(type.Value)} panel cannot show a ratio: use a time series, bar or single stat panel"));
        }

        if (Blank(input.Field) is not null)
        {
            errors.Add(new("field", "a ratio takes no field: it counts the events of its numerator query among the panel's events"));
        }

        if (input.SplitInterval is not null && Blank(input.SplitField) is not null)
        {
            errors.Add(new("split_interval", "a ratio splits by value, not by ranges (leave split_interval empty)"));
        }

        if (Blank(input.BreakdownField) is not null)
        {
            errors.Add(new("breakdown_field", "a ratio panel has no breakdown"));
        }

        if (numerator.Length == 0)
        {
            errors.Add(new("numerator", "a ratio needs a numerator query: the events counted among the panel's events (http.status_code:>=500)"));
        }
        else if (numerator.Length > MaxQueryLength)
        {
            errors.Add(new("numerator", $"at most {MaxQueryLength} characters ({numerator.Length} given)"));
        }
        else
        {
            try
            {
                LogQueryParser.Parse(numerator, types, clock.GetUtcNow());
            }
            catch (QuerySyntaxException ex)
            {
                errors.Add(new("numerator", ex.Message, ex.Position));
            }
        }

        return numerator;
    }

    private static void CheckSplit(PanelType type, string? splitField, PanelInput input, FieldTypeMap types, List<DashboardError> errors)
    {
        var size = input.Size;
        if (type is PanelType.Bar or PanelType.Donut && splitField is null)
        {
            errors.Add(new("split_field", $"a {DashboardNames.Of(type)} panel shows the top values of a field: name it"));
        }

        if (type is PanelType.SingleStat or PanelType.Percentiles or PanelType.Table && splitField is not null)
        {
            errors.Add(new("split_field", $"a {DashboardNames.Of(type)} panel has no split"));
        }

        var max = type == PanelType.Table ? MaxTableRows : MaxSplitSize;
        if (size is { } n && (n < 1 || n > max))
        {
            errors.Add(new("size", type == PanelType.Table
                ? $"a table shows 1 to {MaxTableRows} rows ({n} given)"
                : $"the split size must be between 1 and {MaxSplitSize} ({n} given)"));
        }

        if (splitField is not null)
        {
            var fieldType = types.TypeOf(splitField);
            if (splitField == LogSchema.Timestamp)
            {
                errors.Add(new("split_field", "@timestamp cannot be split by value; a time series splits by time already"));
            }
            else if (fieldType == FieldType.Text)
            {
                errors.Add(new("split_field", $"{splitField} is a full-text field; a split needs a keyword, numeric or boolean field"));
            }

            if (input.SplitInterval is { } interval)
            {
                if (!double.IsFinite(interval) || interval <= 0)
                {
                    errors.Add(new("split_interval", "a split interval must be a positive number"));
                }
                else if (fieldType is not (null or FieldType.Long or FieldType.Double))
                {
                    errors.Add(new("split_interval", $"{splitField} is a {fieldType.ToString()!.ToLowerInvariant()} field; a split by ranges needs a numeric field"));
                }
            }
        }
        else if (input.SplitInterval is not null)
        {
            errors.Add(new("split_interval", "a split interval applies to a split: name its field"));
        }
    }

    private static void CheckBreakdown(PanelType type, string? splitField, string? breakdownField, PanelInput input, FieldTypeMap types, List<DashboardError> errors)
    {
        if (breakdownField is null)
        {
            return;
        }

        if (type != PanelType.Bar || splitField is null)
        {
            errors.Add(new("breakdown_field", "a breakdown applies to a bar panel with a split field"));
            return;
        }

        if (types.TypeOf(breakdownField) == FieldType.Text)
        {
            errors.Add(new("breakdown_field", $"{breakdownField} is a full-text field; a breakdown needs a keyword, numeric or boolean field"));
        }

        if (input.SplitInterval is not null)
        {
            errors.Add(new("breakdown_field", "a breakdown needs a split by value, not by ranges (leave split_interval empty)"));
        }

        if (breakdownField == splitField)
        {
            errors.Add(new("breakdown_field", "the breakdown must be another field than the split"));
        }

        if (input.BreakdownSize is { } size && (size < 1 || size > MaxBreakdownSize))
        {
            errors.Add(new("breakdown_size", $"the breakdown size must be between 1 and {MaxBreakdownSize} ({size} given)"));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
