using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Receiver;

/// <summary>
/// An in-test OTLP collector on 127.0.0.1: OTLP/gRPC on one port and OTLP/HTTP protobuf on another (cleartext, or TLS
/// and mTLS with <see cref="OtlpReceiverOptions"/>), hosted by Kestrel, decoding every request with message classes
/// generated from the OTLP .proto files into <see cref="ReceivedSpan"/> and <see cref="ReceivedMetric"/> records, and
/// answering as the test scripts it (<see cref="AnswerNext(ReceiverAnswer, int)"/>, <see cref="Mode"/>).
/// </summary>
/// <remarks>
/// Only acknowledged requests count: data is committed just before the success answer is written, so once an exporter
/// sees success the data is visible here, and a request that was faulted, hung, reset, rejected or abandoned adds
/// nothing (<see cref="ReceiverAnswer.AcceptThenReset"/> is the one deliberate exception). See Receiver/README.md.
/// </remarks>
public sealed partial class OtlpReceiver : IAsyncDisposable
{
    /// <summary>Hang guard used by the WaitFor methods when no timeout is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>gRPC method path of <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>.</summary>
    public const string GrpcTracesPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    /// <summary>gRPC method path of <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>.</summary>
    public const string GrpcMetricsPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";

    /// <summary>OTLP/HTTP traces path.</summary>
    public const string HttpTracesPath = "/v1/traces";

    /// <summary>OTLP/HTTP metrics path.</summary>
    public const string HttpMetricsPath = "/v1/metrics";

    private const long MaxBodyBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly OtlpReceiverOptions _options;
    private readonly List<ReceivedSpan> _spans = [];
    private readonly List<ReceivedMetric> _metrics = [];
    private readonly List<ReceivedRequest> _requests = [];
    private readonly List<string> _refusedHandshakes = [];
    private readonly List<Waiter> _waiters = [];
    private OtlpReceiverMode _mode;
    private TimeSpan? _retryAfter;
    private int _arrivals;

    // Held requests await this; ReleaseHeld completes it and puts a fresh one in its place.
    private TaskCompletionSource _heldRelease = NewSignal();

    // Cancelled by stop and dispose: ends trickled answers that would otherwise outlive the host; replaced on start.
    private CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private int _grpcPort;
    private int _httpPort;
    private bool _disposed;

    /// <summary>Creates a stopped cleartext receiver; call <see cref="StartAsync"/> (or use <see cref="CreateAsync(CancellationToken)"/>).</summary>
    public OtlpReceiver()
        : this(new OtlpReceiverOptions())
    {
    }

    /// <summary>Creates a stopped receiver that listens as <paramref name="options"/> say.</summary>
    public OtlpReceiver(OtlpReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RequireClientCertificate && options.Tls is null)
        {
            throw new ArgumentException("RequireClientCertificate needs Tls.", nameof(options));
        }

        _options = options;
    }

    /// <summary>Creates and starts a cleartext receiver on two free loopback ports.</summary>
    public static Task<OtlpReceiver> CreateAsync(CancellationToken cancellationToken = default) =>
        CreateAsync(new OtlpReceiverOptions(), cancellationToken);

    /// <summary>Creates and starts a receiver on two free loopback ports, listening as <paramref name="options"/> say.</summary>
    public static async Task<OtlpReceiver> CreateAsync(OtlpReceiverOptions options, CancellationToken cancellationToken = default)
    {
        var receiver = new OtlpReceiver(options);
        try
        {
            await receiver.StartAsync(cancellationToken).ConfigureAwait(false);
            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Returns a loopback port that was free a moment ago and on which nothing listens now: connecting to it is refused
    /// (the "collector is down" fault). Another process could take it in between; on a test machine that is rare.
    /// </summary>
    public static int ReserveClosedPort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>Whether the receiver is listening.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _app is not null;
            }
        }
    }

    /// <summary>The OTLP/gRPC port (fixed by the first start; kept across stop/start).</summary>
    public int GrpcPort => _grpcPort != 0 ? _grpcPort : throw NotStartedYet();

    /// <summary>The OTLP/HTTP port (fixed by the first start; kept across stop/start).</summary>
    public int HttpPort => _httpPort != 0 ? _httpPort : throw NotStartedYet();

    /// <summary>Whether both ports speak TLS (endpoints are then <c>https://</c>).</summary>
    public bool IsTls => _options.Tls is not null;

    /// <summary><c>http(s)://127.0.0.1:&lt;grpc port&gt;</c>: the gRPC endpoint for both signals (env var or code).</summary>
    public Uri GrpcEndpoint => new($"{Scheme}://127.0.0.1:{GrpcPort}");

    /// <summary>
    /// <c>http(s)://127.0.0.1:&lt;http port&gt;</c>: the OTLP/HTTP base, for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (the SDK appends
    /// <c>/v1/traces</c> or <c>/v1/metrics</c> to the env var, but not to <c>OtlpExporterOptions.Endpoint</c> set in code).
    /// </summary>
    public Uri HttpEndpoint => new($"{Scheme}://127.0.0.1:{HttpPort}");

    /// <summary><c>http(s)://127.0.0.1:&lt;http port&gt;/v1/traces</c>.</summary>
    public Uri HttpTracesEndpoint => new(HttpEndpoint, HttpTracesPath);

    /// <summary><c>http(s)://127.0.0.1:&lt;http port&gt;/v1/metrics</c>.</summary>
    public Uri HttpMetricsEndpoint => new(HttpEndpoint, HttpMetricsPath);

    /// <summary>
    /// How requests that no answer rule takes are answered from now on; setting anything but Hang aborts every request
    /// held so far (as <see cref="ReleaseHeld"/> does).
    /// </summary>
    public OtlpReceiverMode Mode
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }

        set
        {
            lock (_gate)
            {
                if (value != OtlpReceiverMode.Hang)
                {
                    ReleaseHeldLocked();
                }

                _mode = value;
            }
        }
    }

    /// <summary>
    /// Retry-After sent with the HTTP 503/429 of <see cref="OtlpReceiverMode.Status503"/>/<see cref="OtlpReceiverMode.Status429"/>
    /// (whole seconds, rounded up); null sends none. Ignored by gRPC (scripted answers can send a RetryInfo).
    /// </summary>
    public TimeSpan? RetryAfter
    {
        get
        {
            lock (_gate)
            {
                return _retryAfter;
            }
        }

        set
        {
            lock (_gate)
            {
                _retryAfter = value;
            }
        }
    }

    /// <summary>Spans of all acknowledged requests, in arrival order (a snapshot).</summary>
    public IReadOnlyList<ReceivedSpan> Spans
    {
        get
        {
            lock (_gate)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Metrics of all acknowledged requests, in arrival order (a snapshot; one entry per metric per request).</summary>
    public IReadOnlyList<ReceivedMetric> Metrics
    {
        get
        {
            lock (_gate)
            {
                return [.. _metrics];
            }
        }
    }

    /// <summary>TLS handshakes the receiver refused (no client certificate, or one not issued by the test CA), as reasons.</summary>
    public IReadOnlyList<string> RefusedHandshakes
    {
        get
        {
            lock (_gate)
            {
                return [.. _refusedHandshakes];
            }
        }
    }

    /// <summary>Every request seen, whatever its outcome, in the order its outcome was known (a snapshot).</summary>
    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The endpoint an exporter must be given in code for this protocol and signal.</summary>
    public Uri EndpointFor(ReceiverProtocol protocol, ReceiverSignal signal = ReceiverSignal.Traces) => protocol switch
    {
        ReceiverProtocol.Grpc => GrpcEndpoint,
        _ when signal == ReceiverSignal.Metrics => HttpMetricsEndpoint,
        _ => HttpTracesEndpoint,
    };

    /// <summary>Points <paramref name="options"/> at this receiver: sets <c>Protocol</c> and <c>Endpoint</c>.</summary>
    public void ApplyTo(OtlpExporterOptions options, ReceiverProtocol protocol, ReceiverSignal signal = ReceiverSignal.Traces)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Protocol = protocol == ReceiverProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = EndpointFor(protocol, signal);
    }

    /// <summary>Number of requests seen on <paramref name="protocol"/>, optionally only those with <paramref name="outcome"/>.</summary>
    public int RequestCount(ReceiverProtocol protocol, ReceivedRequestOutcome? outcome = null)
    {
        lock (_gate)
        {
            return _requests.Count(r => r.Protocol == protocol && (outcome is null || r.Outcome == outcome));
        }
    }

    /// <summary>Number of acknowledged requests on <paramref name="protocol"/>.</summary>
    public int AcceptedRequestCount(ReceiverProtocol protocol) => RequestCount(protocol, ReceivedRequestOutcome.Accepted);

    /// <summary>
    /// Forgets every span, metric, request and refused handshake seen so far and restarts the sequence at 1 (mode,
    /// answer rules and ports are kept).
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            _spans.Clear();
            _metrics.Clear();
            _requests.Clear();
            _refusedHandshakes.Clear();
            _arrivals = 0;
        }
    }

    /// <summary>Starts listening; after <see cref="StopAsync"/> it listens again on the same two ports.</summary>
    /// <exception cref="InvalidOperationException">Already running.</exception>
    /// <exception cref="IOException">A port could not be bound (for a restart: something else took it meanwhile).</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is not null)
            {
                throw new InvalidOperationException("The OTLP receiver is already running.");
            }

            lock (_gate)
            {
                // A cancelled source is left to the collector: answers still finishing may hold its token.
                if (_stopping.IsCancellationRequested)
                {
                    _stopping = new CancellationTokenSource();
                }
            }

            var app = await StartHostAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _app = app;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops listening (both ports then refuse connections), aborting held requests and waiting boundedly for
    /// in-flight ones. Collected data is kept. No-op when not running.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the receiver, releases hung requests and fails pending waits.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            await StopCoreAsync(CancellationToken.None).ConfigureAwait(false);
            lock (_gate)
            {
                _disposed = true;
                foreach (var waiter in _waiters)
                {
                    waiter.Done.TrySetException(new ObjectDisposedException(nameof(OtlpReceiver), "The OTLP receiver was disposed while waiting."));
                }

                _waiters.Clear();
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>A one-line summary of what was received, used in timeout messages.</summary>
    public string Describe()
    {
        string received;
        ReceiverRule[] rules;
        lock (_gate)
        {
            var spanNames = string.Join(", ", _spans.Take(20).Select(s => s.Name)) + (_spans.Count > 20 ? ", ..." : string.Empty);
            var metricNames = string.Join(", ", _metrics.Select(m => m.Name).Distinct().Take(20));
            var requests = string.Join(
                "; ",
                _requests.GroupBy(r => (r.Protocol, r.Outcome)).Select(g => $"{g.Key.Protocol} {g.Key.Outcome} x{g.Count()}"));
            var lastError = _requests.LastOrDefault(r => r.Error is not null)?.Error;
            var refused = _refusedHandshakes.Count == 0 ? string.Empty : $"; refused handshakes [{string.Join("; ", _refusedHandshakes)}]";
            received = $"Received {_spans.Count} span(s) [{spanNames}], {_metrics.Count} metric(s) [{metricNames}], " +
                $"{_requests.Count} request(s) [{requests}]; mode {_mode}, running {_app is not null}{(IsTls ? ", TLS" : string.Empty)}{refused}" +
                (lastError is null ? string.Empty : $"; last error: {lastError}");
            rules = [.. _rules];
        }

        // Outside the lock: a rule's counts take the rule's own lock, which a rule holds while it runs test code.
        return rules.Length == 0 ? received + "." : $"{received}; rules [{string.Join("; ", rules.Select(r => r.ToString()))}].";
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string Scheme => IsTls ? "https" : "http";

    private static InvalidOperationException NotStartedYet() =>
        new("The OTLP receiver has not been started yet: its ports are chosen by the first StartAsync (or use CreateAsync).");

    private async Task<WebApplication> StartHostAsync(CancellationToken cancellationToken)
    {
        // An empty builder: no config files, no logging providers, no routing; Kestrel only.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        ListenOptions? grpc = null;
        ListenOptions? http = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;

            // Cleartext HTTP/2 needs an HTTP/2-only endpoint (prior knowledge): without TLS there is no ALPN to choose.
            // With TLS, ALPN offers only h2 on the gRPC port and only http/1.1 on the other.
            kestrel.Listen(IPAddress.Loopback, _grpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                UseTlsIfAsked(listen, ReceiverProtocol.Grpc);
                grpc = listen;
            });
            kestrel.Listen(IPAddress.Loopback, _httpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                UseTlsIfAsked(listen, ReceiverProtocol.HttpProtobuf);
                http = listen;
            });
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        var app = builder.Build();
        app.Run(HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Kestrel writes the bound endpoint back into the ListenOptions, which is how port 0 becomes a real port.
        _grpcPort = grpc!.IPEndPoint!.Port;
        _httpPort = http!.IPEndPoint!.Port;
        return app;
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        WebApplication? app;
        CancellationTokenSource stopping;
        lock (_gate)
        {
            app = _app;
            _app = null;
            ReleaseHeldLocked();
            stopping = _stopping;
        }

        // Outside the lock: cancellation runs the trickles' continuations, which take the lock to record.
        await stopping.CancelAsync().ConfigureAwait(false);

        if (app is null)
        {
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(ShutdownTimeout);
        try
        {
            await app.StopAsync(bounded.Token).ConfigureAwait(false);
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
