using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Scaler.Core.Storage;

/// <summary>
/// The Function's own storage account, read from <c>AzureWebJobsStorage</c> the way the Functions host
/// reads it: a connection string, or identity-based <c>AzureWebJobsStorage__queueServiceUri</c>,
/// <c>__tableServiceUri</c> and <c>__blobServiceUri</c> with a managed identity.
/// </summary>
public sealed class StorageAccount
{
    public const string Setting = "AzureWebJobsStorage";

    private readonly string? connectionString;
    private readonly Uri? queueServiceUri;
    private readonly Uri? tableServiceUri;
    private readonly Uri? blobServiceUri;
    private readonly TokenCredential? credential;

    public StorageAccount(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        connectionString = configuration[Setting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var section = configuration.GetSection(Setting);
        if (Uri.TryCreate(section["queueServiceUri"], UriKind.Absolute, out var queues))
        {
            queueServiceUri = queues;
            tableServiceUri = Uri.TryCreate(section["tableServiceUri"], UriKind.Absolute, out var tables) ? tables : null;
            blobServiceUri = Uri.TryCreate(section["blobServiceUri"], UriKind.Absolute, out var blobs) ? blobs : null;
            var clientId = section["clientId"];
            credential = string.IsNullOrEmpty(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            return;
        }

        throw new InvalidOperationException(
            $"{Setting} is not set: set it to a storage connection string (UseDevelopmentStorage=true for Azurite) or set {Setting}__queueServiceUri with a managed identity.");
    }

    public QueueClient Queue(string name)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return connectionString is not null
            ? new QueueClient(connectionString, name, options)
            : new QueueClient(new Uri(queueServiceUri!, name), credential!, options);
    }

    public TableClient Table(string name)
    {
        if (connectionString is not null)
        {
            return new TableClient(connectionString, name);
        }

        return tableServiceUri is not null
            ? new TableClient(tableServiceUri, name, credential!)
            : throw new InvalidOperationException($"{Setting}__tableServiceUri is not set: Scaler keeps its state in Table storage of the app's storage account.");
    }

    /// <summary>The account's Blob service; with a managed identity it may issue user delegation keys.</summary>
    public BlobServiceClient Blobs()
    {
        if (connectionString is not null)
        {
            return new BlobServiceClient(connectionString);
        }

        return blobServiceUri is not null
            ? new BlobServiceClient(blobServiceUri, credential!)
            : throw new InvalidOperationException($"{Setting}__blobServiceUri is not set: Scaler mirrors the runner package in Blob storage of the app's storage account.");
    }
}
