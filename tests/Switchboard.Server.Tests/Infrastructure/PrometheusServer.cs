using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A real Prometheus server (the binary of Debian's <c>prometheus</c> package) as a child process, listening on a free
/// loopback port, with its configuration, files and storage in a temporary directory of its own. Disposing stops it
/// (asks it to quit, then kills it) and deletes the directory.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private const int LogLines = 40;

    private readonly string _executable;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private Process? _process;

    /// <summary>Initializes a new instance of the <see cref="PrometheusServer"/> class; nothing runs until <see cref="StartAsync"/>.</summary>
    public PrometheusServer(string executable)
    {
        _executable = executable;
        WorkDirectory = Directory.CreateTempSubdirectory("switchboard-prometheus-").FullName;
    }

    /// <summary>Gets the temporary directory that holds the configuration, the files it names and the storage.</summary>
    public string WorkDirectory { get; }

    /// <summary>Gets the address of the HTTP API, e.g. http://127.0.0.1:41234; empty until started.</summary>
    public string Address { get; private set; } = string.Empty;

    /// <summary>Gets the last lines Prometheus logged, to explain a failure.</summary>
    public string Log => string.Join('\n', _log);

    /// <summary>Writes a file into <see cref="WorkDirectory"/> that only this user may read (a key, say); returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(WorkDirectory, name);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    /// <summary>Starts Prometheus with <paramref name="configuration"/> (prometheus.yml) and waits until it is ready.</summary>
    public async Task StartAsync(string configuration, CancellationToken cancellationToken)
    {
        var configFile = WriteFile("prometheus.yml", configuration);
        Address = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = WorkDirectory,
        };
        foreach (var argument in (string[])[
            $"--config.file={configFile}",
            $"--storage.tsdb.path={Path.Combine(WorkDirectory, "data")}",
            $"--web.listen-address={Address["http://".Length..]}",
            "--web.enable-lifecycle",
        ])
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} before it was ready:\n{Log}");
            }

            try
            {
                using var ready = await _http.GetAsync($"{Address}/-/ready", cancellationToken);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>GETs a path of the HTTP API (e.g. <c>/api/v1/targets</c>) and returns the <c>data</c> of a successful answer.</summary>
    public async Task<JsonElement> ApiAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Address + pathAndQuery, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(body);
        if (!response.IsSuccessStatusCode || document.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        }

        return document.RootElement.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    await QuitAsync(process);
                }
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }

                process.Dispose();
            }
        }

        _http.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp directory; it holds only this run's throwaway data.
        }
    }

    /// <summary>Asks for a clean shutdown (<c>--web.enable-lifecycle</c>), giving it a few seconds.</summary>
    private async Task QuitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            using var quit = await _http.PostAsync($"{Address}/-/quit", content: null, timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            // Killed instead.
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > LogLines)
        {
            _log.TryDequeue(out _);
        }
    }

    private static int FreeLoopbackPort()
    {
        // Another process could take the port before Prometheus binds it; Prometheus then exits and says why.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
