using System.Text;

namespace Hub.Testing.Files;

/// <summary>Zip files that lie about their size, as an attacker's "XLSX" would.</summary>
public static class ZipBombs
{
    /// <summary>One deflated entry whose sizes live in a ZIP64 extra field, so any uncompressed size can be declared.</summary>
    public static byte[] DeclaringSize(string entryName, long uncompressed, byte[] data)
    {
        var name = Encoding.ASCII.GetBytes(entryName);
        var zip = new MemoryStream();
        var w = new BinaryWriter(zip);

        void Zip64Extra()
        {
            w.Write((ushort)0x0001);
            w.Write((ushort)16);
            w.Write(uncompressed);
            w.Write((long)data.Length);
        }

        w.Write(0x04034B50u);
        w.Write((ushort)45);
        w.Write((ushort)0);
        w.Write((ushort)8);
        w.Write((ushort)0);
        w.Write((ushort)0x21);
        w.Write(0u);
        w.Write(uint.MaxValue);
        w.Write(uint.MaxValue);
        w.Write((ushort)name.Length);
        w.Write((ushort)20);
        w.Write(name);
        Zip64Extra();
        w.Write(data);

        var centralDirectory = zip.Position;
        w.Write(0x02014B50u);
        w.Write((ushort)45);
        w.Write((ushort)45);
        w.Write((ushort)0);
        w.Write((ushort)8);
        w.Write((ushort)0);
        w.Write((ushort)0x21);
        w.Write(0u);
        w.Write(uint.MaxValue);
        w.Write(uint.MaxValue);
        w.Write((ushort)name.Length);
        w.Write((ushort)20);
        w.Write((ushort)0);
        w.Write((ushort)0);
        w.Write((ushort)0);
        w.Write(0u);
        w.Write(0u);
        w.Write(name);
        Zip64Extra();
        var centralDirectorySize = zip.Position - centralDirectory;

        w.Write(0x06054B50u);
        w.Write((ushort)0);
        w.Write((ushort)0);
        w.Write((ushort)1);
        w.Write((ushort)1);
        w.Write((uint)centralDirectorySize);
        w.Write((uint)centralDirectory);
        w.Write((ushort)0);
        w.Flush();

        var bytes = zip.ToArray();
        return bytes;
    }
}
