using Console.Shared.Storage.Lifecycle;

namespace Console.Shared.Storage.Embedded;

/// <summary>A lifecycle phase the job applied to an embedded index, and when.</summary>
internal sealed record AppliedPhase(IndexPhase Phase, DateTimeOffset Since);
