using Console.Shared.Storage.Lifecycle;

namespace Console.Web.Apis;

/// <summary>The body of <c>PUT /api/lifecycle/policies</c> and the answer of its GET (with where the policies come from).</summary>
public sealed record LifecyclePoliciesBody(List<RetentionPolicy?>? Policies, string? Source = null);
