namespace Console.Ingest.Tests.Support;

/// <summary>
/// Tests that read the whole process's heap (<see cref="GC.GetTotalMemory(bool)"/>): run alone, after the parallel tests,
/// so no other test's allocations are counted as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurementCollection
{
    public const string Name = "heap measurement";
}
