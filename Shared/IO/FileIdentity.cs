using System.Runtime.InteropServices;

namespace MnistBlazor.Shared.IO;

/// <summary>
/// Which file a path names now: on Linux its device and inode (a file deleted and re-created, or
/// replaced by a rename, gets another inode); elsewhere its creation time. Null when there is no file.
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode, DateTime CreatedUtc)
{
    public static FileIdentity? Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        if (OperatingSystem.IsLinux() && LinuxStat(path) is { } stat)
        {
            return new FileIdentity(stat.Device, stat.Inode, default);
        }

        return new FileIdentity(0, 0, info.CreationTimeUtc);
    }

    /// <summary>
    /// st_dev and st_ino: the first two 64-bit fields of struct stat on 64-bit Linux (x86-64 and
    /// arm64 alike). Null when the call is not available (the caller falls back to the creation time).
    /// </summary>
    private static (ulong Device, ulong Inode)? LinuxStat(string path)
    {
        if (!Environment.Is64BitProcess)
        {
            return null;
        }

        var buffer = new byte[512]; // struct stat is 144 (x86-64) or 128 (arm64) bytes
        try
        {
            if (NativeMethods.Stat(path, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }

        return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] buffer);
    }
}
