using System.ComponentModel.DataAnnotations;
using System.Net;
using Console.Shared.Events;

namespace Console.Ingest.Sources;

/// <summary>The checks every <see cref="INetworkReceiverOptions"/> needs beyond its data annotations.</summary>
public static class NetworkReceiverOptionsValidation
{
    /// <summary>A bind address that is not an IP address, an invalid index base, or a receiver on with both listeners off.</summary>
    public static IEnumerable<ValidationResult> Validate(INetworkReceiverOptions options)
    {
        if (!IPAddress.TryParse(options.BindAddress, out _))
        {
            yield return new ValidationResult($"'{options.BindAddress}' is not an IP address", [nameof(options.BindAddress)]);
        }

        if (IndexNames.Validate(options.IndexBase) is { } reason)
        {
            yield return new ValidationResult(reason, [nameof(options.IndexBase)]);
        }

        if (options.Enabled && !options.UdpEnabled && !options.TcpEnabled)
        {
            yield return new ValidationResult("both TcpEnabled and UdpEnabled are false; set Enabled to false to turn the receiver off",
                [nameof(options.TcpEnabled), nameof(options.UdpEnabled)]);
        }
    }
}
