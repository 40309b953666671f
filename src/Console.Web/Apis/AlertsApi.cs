using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Auth;
using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Preview;
using Console.Web.Alerts.Rules;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Console.Web.Apis;

/// <summary>Alert rules, the alerts they raise, their history, snoozes, acknowledgements and maintenance windows.</summary>
public static class AlertsApi
{
    public const string Path = "/api/alerts";

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Path).WithTags("Alerts").RequireReadOrWrite(ConsolePolicies.Viewer, ConsolePolicies.Editor);
        api.MapGet("/", (AlertRuleService rules, CancellationToken ct) => ActiveAsync(rules, ct));
        api.MapGet("/states", async (AlertRuleService rules, CancellationToken ct) => TypedResults.Ok(await rules.StatesAsync(ct)));
        api.MapGet("/history", HistoryAsync);
        api.MapGet("/rules", async (AlertRuleService rules, CancellationToken ct) => TypedResults.Ok(await rules.ListAsync(ct)));
        api.MapPost("/rules", CreateAsync);
        api.MapPost("/rules/preview", PreviewAsync);
        api.MapGet("/rules/{id:guid}", GetAsync);
        api.MapPut("/rules/{id:guid}", UpdateAsync);
        api.MapDelete("/rules/{id:guid}", DeleteAsync);
        api.MapPost("/rules/{id:guid}/snooze", SnoozeAsync);
        api.MapDelete("/rules/{id:guid}/snooze", async (AlertRuleService rules, Guid id, CancellationToken ct) =>
            await rules.SnoozeAsync(id, null, ct) ? Results.NoContent() : Results.NotFound(NoSuchRule(id)));
        api.MapPost("/rules/{id:guid}/acknowledge", AcknowledgeAsync);
        api.MapGet("/rules/{id:guid}/deliveries", DeliveriesAsync);

        // Channels hold webhook addresses and headers (secrets): administrators only.
        api.MapGet("/channels", async (NotificationChannelService channels, CancellationToken ct) => TypedResults.Ok(await channels.ListAsync(ct))).RequireAdmin();
        api.MapPost("/channels", CreateChannelAsync).RequireAdmin();
        api.MapPut("/channels/{id}", UpdateChannelAsync).RequireAdmin();
        api.MapPost("/channels/{id}/test", TestChannelAsync).RequireAdmin();
        api.MapDelete("/channels/{id}", DeleteChannelAsync).RequireAdmin();
        api.MapGet("/maintenance-windows", async (AlertRuleService rules, CancellationToken ct) => TypedResults.Ok(await rules.MaintenanceWindowsAsync(ct)));
        api.MapPost("/maintenance-windows", AddMaintenanceWindowAsync);
        api.MapDelete("/maintenance-windows/{id:long}", async (AlertRuleService rules, long id, CancellationToken ct) =>
            await rules.DeleteMaintenanceWindowAsync(id, ct) ? Results.NoContent() : Results.NotFound(new ApiError($"no maintenance window with id {id}")));
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AlertStateRow>>> ActiveAsync(AlertRuleService rules, CancellationToken cancellationToken) =>
        TypedResults.Ok(await rules.ActiveAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<AlertHistoryEntry>>, BadRequest<ApiError>>> HistoryAsync(
        AlertRuleService rules, Guid? rule, string? state, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 10_000)
        {
            return TypedResults.BadRequest(new ApiError("limit must be between 1 and 10000"));
        }

        AlertState? to = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<AlertState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.BadRequest(new ApiError($"state '{state}' is not one of Ok, Pending, Firing, Resolved"));
            }

            to = parsed;
        }

        return TypedResults.Ok(await rules.HistoryAsync(rule, to, limit ?? 100, cancellationToken));
    }

    private static async Task<Results<Ok<IReadOnlyList<DeliveryAttempt>>, BadRequest<ApiError>, NotFound<ApiError>>> DeliveriesAsync(
        AlertRuleService rules, INotificationDeliveryLog log, Guid id, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 10_000)
        {
            return TypedResults.BadRequest(new ApiError("limit must be between 1 and 10000"));
        }

        if (await rules.FindAsync(id, cancellationToken) is null)
        {
            return TypedResults.NotFound(NoSuchRule(id));
        }

        return TypedResults.Ok(await log.ForRuleAsync(id.ToString(), limit ?? 100, cancellationToken));
    }

    private static async Task<Results<Ok<AlertRule>, NotFound<ApiError>>> GetAsync(AlertRuleService rules, Guid id, CancellationToken cancellationToken) =>
        await rules.FindAsync(id, cancellationToken) is { } rule ? TypedResults.Ok(rule) : TypedResults.NotFound(NoSuchRule(id));

    private static async Task<IResult> CreateAsync(AlertRuleService rules, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (rule, error) = await JsonBody.ReadAsync<AlertRuleInput>(request, json.Value, "alert rule", cancellationToken);
        if (rule?.ToRule(Guid.Empty) is not { } candidate)
        {
            return TypedResults.BadRequest(error ?? KindMissing);
        }

        return Answer(await rules.SaveAsync(null, candidate, cancellationToken), saved => TypedResults.Created($"{Path}/rules/{saved.Id}", saved));
    }

    private static async Task<IResult> PreviewAsync(
        AlertRuleService rules, RulePreviewService previews, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<AlertRuleInput>(request, json.Value, "alert rule", cancellationToken);
        if (input?.ToRule(Guid.Empty) is not { } candidate)
        {
            return TypedResults.BadRequest(error ?? KindMissing);
        }

        // A rule is previewed while it is written: before it has a name, and whatever channels it will tell.
        candidate = candidate with { Name = string.IsNullOrWhiteSpace(candidate.Name) ? "preview" : candidate.Name, ChannelIds = [] };
        var errors = await rules.ValidateAsync(candidate, cancellationToken);
        if (errors.Count > 0)
        {
            return TypedResults.BadRequest(new ApiError(string.Join(" ", errors)));
        }

        try
        {
            return TypedResults.Ok(await previews.PreviewAsync(candidate, cancellationToken));
        }
        catch (Exception e) when (e is RulePreviewException or StoreRequestException or QuerySyntaxException)
        {
            return TypedResults.BadRequest(new ApiError(e is QuerySyntaxException syntax ? syntax.MessageWithPosition : e.Message));
        }
    }

    private static async Task<IResult> UpdateAsync(AlertRuleService rules, Guid id, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (rule, error) = await JsonBody.ReadAsync<AlertRuleInput>(request, json.Value, "alert rule", cancellationToken);
        if (rule?.ToRule(id) is not { } candidate)
        {
            return TypedResults.BadRequest(error ?? KindMissing);
        }

        var existing = await rules.FindAsync(id, cancellationToken);
        return Answer(await rules.SaveAsync(id, candidate with { SnoozedUntil = existing?.SnoozedUntil }, cancellationToken), TypedResults.Ok);
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> DeleteAsync(AlertRuleService rules, Guid id, CancellationToken cancellationToken) =>
        await rules.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound(NoSuchRule(id));

    private static async Task<IResult> SnoozeAsync(AlertRuleService rules, Guid id, HttpRequest request, IOptions<JsonOptions> json, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<SnoozeInput>(request, json.Value, "snooze", cancellationToken);
        if (input?.Until is not { } until)
        {
            return TypedResults.BadRequest(error ?? new ApiError("until is required: the time the snooze ends"));
        }

        if (until <= clock.GetUtcNow())
        {
            return TypedResults.BadRequest(new ApiError("until must be in the future"));
        }

        return await rules.SnoozeAsync(id, until, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound(NoSuchRule(id));
    }

    private static async Task<Results<NoContent, NotFound<ApiError>>> AcknowledgeAsync(AlertRuleService rules, Guid id, string? group, CancellationToken cancellationToken) =>
        await rules.AcknowledgeAsync(id, group, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ApiError(group is null ? $"rule {id} is not firing" : $"rule {id} is not firing for '{group}'"));

    private static async Task<IResult> AddMaintenanceWindowAsync(AlertRuleService rules, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<MaintenanceWindowInput>(request, json.Value, "maintenance window", cancellationToken);
        if (input is null)
        {
            return TypedResults.BadRequest(error);
        }

        if (input.Starts is not { } starts || input.Ends is not { } ends)
        {
            return TypedResults.BadRequest(new ApiError("starts and ends are required"));
        }

        var (window, problem) = await rules.AddMaintenanceWindowAsync(
            new MaintenanceWindow { Name = input.Name ?? "", Starts = starts, Ends = ends, RuleId = input.RuleId }, cancellationToken);
        return window is null ? TypedResults.BadRequest(new ApiError(problem!)) : TypedResults.Created($"{Path}/maintenance-windows/{window.Id}", window);
    }

    private static async Task<IResult> CreateChannelAsync(NotificationChannelService channels, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<NotificationChannelInput>(request, json.Value, "notification channel", cancellationToken);
        if (input is null)
        {
            return TypedResults.BadRequest(error);
        }

        if (input.Type is not { } type)
        {
            return TypedResults.BadRequest(new ApiError("type is required: Webhook, Slack or Email"));
        }

        var (channel, errors, conflict) = await channels.CreateAsync(ToDefinition(input, type), cancellationToken);
        return channel is not null ? TypedResults.Created($"{Path}/channels/{channel.Id}", channel)
            : conflict ? TypedResults.Conflict(new ApiError(errors[0]))
            : TypedResults.BadRequest(new ApiError(string.Join("; ", errors)));
    }

    private static async Task<IResult> UpdateChannelAsync(NotificationChannelService channels, string id, HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (input, error) = await JsonBody.ReadAsync<NotificationChannelInput>(request, json.Value, "notification channel", cancellationToken);
        if (input is null)
        {
            return TypedResults.BadRequest(error);
        }

        if (input.Type is not { } type)
        {
            return TypedResults.BadRequest(new ApiError("type is required: Webhook, Slack or Email"));
        }

        var (channel, errors, conflict, notFound) = await channels.UpdateAsync(id, ToDefinition(input, type), cancellationToken);
        return channel is not null ? TypedResults.Ok(channel)
            : notFound ? TypedResults.NotFound(new ApiError(errors[0]))
            : conflict ? TypedResults.Conflict(new ApiError(errors[0]))
            : TypedResults.BadRequest(new ApiError(string.Join("; ", errors)));
    }

    private static async Task<IResult> TestChannelAsync(NotificationChannelService channels, ChannelTestSender tester, string id, CancellationToken cancellationToken)
    {
        if (await channels.FindAsync([id], cancellationToken) is not [var channel, ..])
        {
            return TypedResults.NotFound(new ApiError($"no notification channel with id {id}"));
        }

        return TypedResults.Ok(await tester.SendAsync(channel, cancellationToken));
    }

    private static NotificationChannelDefinition ToDefinition(NotificationChannelInput input, NotificationChannelType type) => new()
    {
        Id = "",
        Name = input.Name ?? "",
        Type = type,
        Url = input.Url,
        Headers = input.Headers ?? new Dictionary<string, string>(),
        Recipients = input.Recipients ?? [],
    };

    private static async Task<IResult> DeleteChannelAsync(NotificationChannelService channels, string id, CancellationToken cancellationToken)
    {
        var (found, usedBy) = await channels.DeleteAsync(id, cancellationToken);
        return !found ? TypedResults.NotFound(new ApiError($"no notification channel with id {id}"))
            : usedBy.Count > 0 ? TypedResults.Conflict(new ApiError($"the channel is used by {string.Join(", ", usedBy.Select(n => $"'{n}'"))}; take it off those rules first"))
            : TypedResults.NoContent();
    }

    private static IResult Answer(AlertRuleSaveResult result, Func<AlertRule, IResult> saved) => result switch
    {
        { Rule: { } rule } => saved(rule),
        { NotFound: true } => TypedResults.NotFound(new ApiError(result.Errors[0])),
        { Conflict: true } => TypedResults.Conflict(new ApiError(result.Errors[0])),
        _ => TypedResults.BadRequest(new ApiError(string.Join(" ", result.Errors))),
    };

    private static ApiError KindMissing => new("kind is required: CountThreshold, Ratio, MetricThreshold, Absence or Grouped");

    private static ApiError NoSuchRule(Guid id) => new($"no alert rule with id {id}");
}
