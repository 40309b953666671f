namespace Console.Web.Tests.Faults.Harness;

/// <summary>When a SIGKILL lands.</summary>
public enum KillMoment
{
    /// <summary>After a random delay of up to 300 ms, wherever the console is.</summary>
    Random,

    /// <summary>As the queue closes a segment and opens the next (a new <c>*.wal</c> file appears).</summary>
    QueueRollover,

    /// <summary>In the middle of a store commit (Lucene writes the new <c>segments_N</c>, then syncs and publishes it).</summary>
    IndexCommit,

    /// <summary>After a store commit, while the queue writes its checkpoint (<c>checkpoint.tmp</c> appears): the store has events the queue will replay.</summary>
    QueueCheckpoint,
}
