namespace Console.Web.Tests.Faults;

/// <summary>How <see cref="TornQueueTailTests"/> damages the newest queue segment of a stopped console.</summary>
public enum QueueTailDamage
{
    /// <summary>Random bytes after the last record: a write torn by a crash.</summary>
    GarbageAppended,

    /// <summary>The file cut in the middle of a record.</summary>
    CutMidRecord,

    /// <summary>The last 700 bytes overwritten with random ones: a damaged block.</summary>
    TailOverwritten,
}
