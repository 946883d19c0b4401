using Grpc.Core;
using Scaler.Functions.Tests.Host.Rpc;

namespace Scaler.Functions.Tests.Host;

/// <summary>The host's gRPC service, which the worker dials at start.</summary>
internal sealed class FunctionRpcService(WorkerStream stream) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context) =>
        stream.RunAsync(requestStream, responseStream, context.CancellationToken);
}
