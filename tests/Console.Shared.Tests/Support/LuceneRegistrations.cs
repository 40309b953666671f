using Console.Shared.Storage.Embedded;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Console.Shared.Tests.Support;

/// <summary>
/// What Lucene.Net 4.8.0-beta00017 has registered in its private weak tables, read by reflection: the tables whose entries
/// it never freed (a GC handle each).
/// </summary>
public static class LuceneRegistrations
{
    private static readonly System.Reflection.FieldInfo ParentReaders =
        typeof(IndexReader).GetField("parentReaders", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;

    /// <summary>The composite readers registered as parents of <paramref name="reader"/>.</summary>
    public static int ParentsOf(IndexReader reader) => LiveEntries(ParentReaders.GetValue(reader));

    /// <summary>The clones recorded by the file <paramref name="input"/> came from.</summary>
    public static int ClonesRecordedBy(IndexInput input) => LiveEntries(UntrackedMMapDirectory.ClonesField!.GetValue(input));

    /// <summary>A ConditionalWeakTable enumerates its live entries; no table counts none.</summary>
    private static int LiveEntries(object? table) =>
        table is System.Collections.IEnumerable entries ? entries.Cast<object>().Count() : 0;
}
