namespace Switchboard.Server.Hosting;

/// <summary>Host settings (section <c>Switchboard:Server</c>).</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Switchboard:Server";

    /// <summary>Gets or sets the addresses to listen on, separated by ';'. <c>--urls</c> or <c>ASPNETCORE_URLS</c> win.</summary>
    /// <value>The default is <c>http://127.0.0.1:8080</c>: loopback only until you choose otherwise.</value>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Gets the largest <see cref="MaxRequestBodyBytes"/> allowed: a body is read into one array, with a byte to spare.</summary>
    public static long MaxRequestBodyBytesLimit => Array.MaxLength - 1;

    /// <summary>Gets or sets the largest request body accepted, in bytes; larger bodies get HTTP 413.</summary>
    /// <value>The default is 1 MiB. At most <see cref="MaxRequestBodyBytesLimit"/> (2,147,483,590).</value>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how long shutdown waits for in-flight requests, in seconds.</summary>
    /// <value>The default is 30 seconds.</value>
    public double ShutdownTimeoutSeconds { get; set; } = 30;

    /// <summary>Gets or sets the console log format: <c>json</c> (structured, one object per line) or <c>simple</c>.</summary>
    /// <value>The default is <c>json</c>.</value>
    public string LogFormat { get; set; } = "json";
}
