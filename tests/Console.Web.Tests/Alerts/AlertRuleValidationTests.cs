using Console.Shared.Events;
using Console.Shared.Query;
using Console.Web.Alerts.Rules;

namespace Console.Web.Tests.Alerts;

public class AlertRuleValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private sealed class SchemaOnly : IFieldTypes
    {
        public FieldType? TypeOf(string field) => LogSchema.Known.TryGetValue(field, out var type) ? type : null;
    }

    private static IReadOnlyList<string> Validate(AlertRule rule) => AlertRuleValidation.Validate(rule, new SchemaOnly(), Now);

    private static AlertRule Valid(AlertRuleKind kind) => new()
    {
        Id = Guid.NewGuid(), Name = "rule", Kind = kind, Query = "log_level:ERROR", Threshold = 5,
        RatioBaseQuery = kind == AlertRuleKind.Ratio ? "*" : null, GroupField = kind == AlertRuleKind.Grouped ? "client.ip" : null,
    };

    [Theory]
    [InlineData(AlertRuleKind.CountThreshold)]
    [InlineData(AlertRuleKind.Ratio)]
    [InlineData(AlertRuleKind.Absence)]
    [InlineData(AlertRuleKind.Grouped)]
    public void A_complete_rule_of_each_kind_is_valid(AlertRuleKind kind) => Assert.Empty(Validate(Valid(kind)));

    [Fact]
    public void Each_mistake_is_named()
    {
        var errors = Validate(Valid(AlertRuleKind.CountThreshold) with
        {
            Name = " ", IndexPattern = "Bad Pattern", Query = "log_level:(ERROR", Threshold = -1, Window = TimeSpan.Zero, EvaluateEvery = TimeSpan.FromSeconds(1),
        });

        Assert.Contains(errors, e => e.Contains("needs a name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("index pattern 'Bad Pattern'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("The query has an error", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("threshold", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("window", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("every 10 seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ratio_needs_a_base_query_and_a_percentage()
    {
        Assert.Contains(Validate(Valid(AlertRuleKind.Ratio) with { RatioBaseQuery = "" }), e => e.Contains("base query", StringComparison.Ordinal));
        Assert.Contains(Validate(Valid(AlertRuleKind.Ratio) with { Threshold = 150 }), e => e.Contains("percentage", StringComparison.Ordinal));
    }

    [Fact]
    public void A_grouped_rule_needs_its_field() =>
        Assert.Contains(Validate(Valid(AlertRuleKind.Grouped) with { GroupField = null }), e => e.Contains("field to group by", StringComparison.Ordinal));
}
