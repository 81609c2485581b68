using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Switchboard.Server.Hosting;

namespace Switchboard.Server.Tests.Hosting;

/// <summary>
/// The host is built with the slim builder; these check that what a deployment configures for Kestrel still applies:
/// HTTPS endpoints from the <c>Kestrel</c> section and the <c>AllowedHosts</c> list.
/// </summary>
public sealed class KestrelConfigurationTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "switchboard-kestrel-tests", Guid.NewGuid().ToString("N"));

    public KestrelConfigurationTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task HttpsEndpointFromConfiguration_ServesTls_AndAllowedHostsRefusesOtherHosts()
    {
        var certificate = Path.Combine(_directory, "server.pfx");
        string thumbprint;
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            thumbprint = created.Thumbprint;
            await File.WriteAllBytesAsync(certificate, created.Export(X509ContentType.Pfx, "secret"));
        }

        var port = FreePort();
        await using var app = SwitchboardApplication.Build(
        [
            $"--Kestrel:Endpoints:Https:Url=https://127.0.0.1:{port}",
            $"--Kestrel:Endpoints:Https:Certificate:Path={certificate}",
            "--Kestrel:Endpoints:Https:Certificate:Password=secret",
            "--AllowedHosts=localhost;127.0.0.1",
            $"--Switchboard:Storage:DataDirectory={Path.Combine(_directory, "data")}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            using var handler = new SocketsHttpHandler
            {
                // The test's own self-signed certificate, checked by thumbprint rather than trusted.
                SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is X509Certificate2 served && served.Thumbprint == thumbprint },
            };
            using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

            using var health = await client.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);

            using var foreign = new HttpRequestMessage(HttpMethod.Get, "/health");
            foreign.Headers.Host = "evil.example";
            using var refused = await client.SendAsync(foreign);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    public void Dispose()
    {
        new Switchboard.Storage.Sqlite.SqliteDatabase(new Switchboard.Storage.Sqlite.SqliteStorageOptions { DatabasePath = Path.Combine(_directory, "data", "switchboard.db") }, TimeProvider.System).ClearPool();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
