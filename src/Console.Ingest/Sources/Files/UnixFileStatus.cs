using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// The few <c>stat(2)</c> fields the tailer needs and .NET does not expose: device and inode (a file's identity across
/// renames), link count (deleted or not) and type. Read from glibc's <c>struct stat</c> on 64-bit Linux, whose layout
/// puts <c>st_dev</c> at 0 and <c>st_ino</c> at 8 on every architecture; x86_64 differs from the generic layout
/// (aarch64, riscv64, loongarch64) only in where <c>st_nlink</c> and <c>st_mode</c> sit.
/// </summary>
internal readonly record struct UnixFileStatus(ulong Device, ulong Inode, ulong Links, uint Mode)
{
    private const int BufferSize = 256; // struct stat is 144 bytes on x86_64, 128 on the generic layout
    private const uint TypeMask = 0xF000; // S_IFMT
    private const uint RegularFile = 0x8000; // S_IFREG

    private static readonly bool Supported = OperatingSystem.IsLinux() && Environment.Is64BitProcess &&
        RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64 or Architecture.RiscV64 or Architecture.LoongArch64;

    private static int _useVersionedEntryPoints; // glibc before 2.33 exports only __xstat/__fxstat

    public bool IsRegularFile => (Mode & TypeMask) == RegularFile;

    /// <summary>True where inodes can be read; elsewhere the tailer falls back to path-based identity.</summary>
    public static bool IsSupported => Supported;

    /// <summary>Follows symbolic links, like <c>stat(2)</c>. False when the path does not exist or cannot be read.</summary>
    public static bool TryGet(string path, out UnixFileStatus status)
    {
        status = default;
        if (!Supported)
        {
            return false;
        }

        var buffer = new byte[BufferSize];
        if (Stat(path, buffer, NativeMethods.stat, NativeMethods.__xstat) != 0)
        {
            return false;
        }

        status = Decode(buffer);
        return true;
    }

    /// <summary>The status of an open file, which stays right when the path is renamed or deleted meanwhile.</summary>
    public static bool TryGet(SafeFileHandle handle, out UnixFileStatus status)
    {
        status = default;
        if (!Supported || handle.IsInvalid || handle.IsClosed)
        {
            return false;
        }

        var buffer = new byte[BufferSize];
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            if (Stat(fd, buffer, NativeMethods.fstat, NativeMethods.__fxstat) != 0)
            {
                return false;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        status = Decode(buffer);
        return true;
    }

    /// <summary>
    /// <paramref name="current"/> (<c>stat</c>, <c>fstat</c>) of <paramref name="target"/> into <paramref name="buffer"/>;
    /// where glibc lacks it (before 2.33) <paramref name="versioned"/> (<c>__xstat</c>, <c>__fxstat</c>), then for every
    /// later call too. Returns the call's result, 0 on success.
    /// </summary>
    private static int Stat<T>(T target, byte[] buffer, Func<T, byte[], int> current, Func<int, T, byte[], int> versioned)
    {
        if (Volatile.Read(ref _useVersionedEntryPoints) == 0)
        {
            try
            {
                return current(target, buffer);
            }
            catch (EntryPointNotFoundException)
            {
                Volatile.Write(ref _useVersionedEntryPoints, 1);
            }
        }

        return versioned(StatVersion, target, buffer);
    }

    // _STAT_VER: 1 on x86_64, 0 on the generic layout.
    private static int StatVersion => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 1 : 0;

    private static UnixFileStatus Decode(byte[] buffer)
    {
        var span = buffer.AsSpan();
        var device = BitConverter.ToUInt64(span[..8]);
        var inode = BitConverter.ToUInt64(span[8..16]);
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
        {
            // st_nlink is 8 bytes at 16, st_mode 4 bytes at 24.
            return new UnixFileStatus(device, inode, BitConverter.ToUInt64(span[16..24]), BitConverter.ToUInt32(span[24..28]));
        }

        // Generic: st_mode at 16, st_nlink (4 bytes) at 20.
        return new UnixFileStatus(device, inode, BitConverter.ToUInt32(span[20..24]), BitConverter.ToUInt32(span[16..20]));
    }

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392, CA2101, IDE1006 // DllImport needs no unsafe code; paths are marshalled as UTF-8 explicitly; names are libc's
        [DllImport("libc", SetLastError = true)]
        public static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern int fstat(int fd, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern int __xstat(int version, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

        [DllImport("libc", SetLastError = true)]
        public static extern int __fxstat(int version, int fd, byte[] buffer);
#pragma warning restore SYSLIB1054, CA5392, CA2101, IDE1006
    }
}
