using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Support;

/// <summary>
/// What a diagnostics tool (dotnet-trace, a profiler) puts in place when it starts an app with
/// <c>DOTNET_DiagnosticPorts=&lt;socket&gt;</c> (connect mode, suspended) and <c>DOTNET_DefaultDiagnosticPortSuspend=1</c>:
/// a Unix socket the runtime connects to and advertises itself on, after which it waits, suspended, for a
/// <c>ResumeRuntime</c> command on each suspending port. This listener resumes only the test's own children (the probe)
/// and records every process that advertised: a detached sender that inherited the variables would come here too and
/// stay suspended forever.
/// </summary>
internal sealed class DiagnosticPortListener : IAsyncDisposable
{
    private const int AdvertiseSize = 34;
    private static readonly byte[] s_magic = Encoding.ASCII.GetBytes("DOTNET_IPC_V1\0");

    private readonly Socket _listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _connections = [];
    private readonly List<long> _advertised = [];
    private readonly List<Task> _handled = [];
    private readonly Task _accepting;

    public DiagnosticPortListener()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aurora-dp-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(8);
        _accepting = AcceptAsync();
    }

    /// <summary>The socket the variable names.</summary>
    public string Path { get; }

    /// <summary>The pid of every runtime that connected, in order.</summary>
    public IReadOnlyList<long> Advertised
    {
        get
        {
            lock (_advertised)
            {
                return [.. _advertised];
            }
        }
    }

    /// <summary>The variables a tool sets on the app it starts.</summary>
    public Dictionary<string, string> Variables() => new()
    {
        ["DOTNET_DiagnosticPorts"] = Path + ",connect,suspend",
        ["DOTNET_DefaultDiagnosticPortSuspend"] = "1",
    };

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }

        File.Delete(Path);
        Task[] handled;
        lock (_handled)
        {
            handled = [.. _handled];
        }

        try
        {
            // A runtime the listener failed to resume is the test's failure: say why.
            await Task.WhenAll(handled);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped while a runtime was connecting
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        var resumed = new HashSet<long>();
        while (!_stop.IsCancellationRequested)
        {
            var connection = await _listener.AcceptAsync(_stop.Token);
            lock (_connections)
            {
                _connections.Add(connection); // the runtime keeps its end open for later sessions
            }

            // Each runtime on its own: one that waits here must not hold up the next.
            lock (_handled)
            {
                _handled.Add(AdvertisedAsync(connection, resumed));
            }
        }
    }

    private async Task AdvertisedAsync(Socket connection, HashSet<long> resumed)
    {
        var advertise = new byte[AdvertiseSize];
        if (await ReceiveAsync(connection, advertise) < AdvertiseSize)
        {
            return;
        }

        var pid = BinaryPrimitives.ReadInt64LittleEndian(advertise.AsSpan(24));
        lock (_advertised)
        {
            _advertised.Add(pid);
        }

        bool first;
        lock (resumed)
        {
            first = IsOurChild(pid) && resumed.Add(pid);
        }

        if (first)
        {
            // Both suspending ports must be resumed: this one, and the runtime's own listening socket.
            await ResumeAsync(connection);
            using var own = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await own.ConnectAsync(new UnixDomainSocketEndPoint(await DefaultPortAsync(pid)), _stop.Token);
            await ResumeAsync(own);
        }
    }

    private async Task ResumeAsync(Socket connection)
    {
        // Header: magic (14 bytes), size (uint16), command set 0x04 (process), command 0x01 (ResumeRuntime), reserved.
        var command = new byte[20];
        s_magic.CopyTo(command, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(command.AsSpan(14), 20);
        command[16] = 0x04;
        command[17] = 0x01;
        await connection.SendAsync(command, SocketFlags.None, _stop.Token);

        // The answer: a header (command set 0xFF, 0x00 for OK) and a uint32 result.
        var answer = new byte[24];
        var read = await ReceiveAsync(connection, answer);
        Assert.True(read >= 18 && answer[16] == 0xFF && answer[17] == 0x00, $"the runtime did not accept ResumeRuntime ({read} bytes: {Convert.ToHexString(answer)})");
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the peer closed; returns the bytes read.</summary>
    private async Task<int> ReceiveAsync(Socket connection, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var got = await connection.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, _stop.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), _stop.Token);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return read;
    }

    /// <summary>
    /// The runtime's own diagnostics socket, <c>$TMPDIR/dotnet-diagnostic-&lt;pid&gt;-&lt;start time&gt;-socket</c> (the start
    /// time in clock ticks, field 22 of /proc/&lt;pid&gt;/stat, tells it from a dead process's socket with the same pid).
    /// </summary>
    private async Task<string> DefaultPortAsync(long pid)
    {
        var socket = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dotnet-diagnostic-{pid.ToString(CultureInfo.InvariantCulture)}-{ProcessStat.Fields(pid)![19]}-socket");
        await Eventually.HoldsAsync(() => File.Exists(socket), $"the diagnostics socket {socket}", TimeSpan.FromSeconds(30));
        return socket;
    }

    private static bool IsOurChild(long pid) => ProcessStat.Fields(pid) is { } fields && int.Parse(fields[1], CultureInfo.InvariantCulture) == Environment.ProcessId;
}
