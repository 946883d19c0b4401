using System.Globalization;
using Scaler.Functions.Tests.Host.Rpc;
using Case = Scaler.Functions.Tests.Host.Rpc.StreamingMessage.ContentOneofCase;

namespace Scaler.Functions.Tests.Host;

/// <summary>
/// The host's conversation with one worker, in the order the host holds it: start stream, worker init,
/// function metadata, function load, then invocations. A worker that exits on the way fails the step with its output.
/// </summary>
internal sealed class HostSession(WorkerStream stream, WorkerProcess worker, string appDirectory)
{
    public const string HttpUriCapability = "HttpUri";
    private const string InvocationHeader = "x-ms-invocation-id";

    public async Task<WorkerInitResponse> InitAsync(CancellationToken cancellationToken)
    {
        var start = await ReceiveAsync(Case.StartStream, cancellationToken);
        var init = new WorkerInitRequest { HostVersion = "4.1040.0", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory };
        await SendAsync(new StreamingMessage { RequestId = start.RequestId, WorkerInitRequest = init }, cancellationToken);
        return (await ReceiveAsync(Case.WorkerInitResponse, cancellationToken)).WorkerInitResponse;
    }

    /// <summary>Asks the worker for its functions (worker indexing) and loads each one.</summary>
    public async Task<FunctionMetadataResponse> LoadFunctionsAsync(CancellationToken cancellationToken)
    {
        await SendAsync(new StreamingMessage { RequestId = NewId(), FunctionsMetadataRequest = new() { FunctionAppDirectory = appDirectory } }, cancellationToken);
        var metadata = (await ReceiveAsync(Case.FunctionMetadataResponse, cancellationToken)).FunctionMetadataResponse;
        foreach (var function in metadata.FunctionMetadataResults)
        {
            var load = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function };
            await SendAsync(new StreamingMessage { RequestId = NewId(), FunctionLoadRequest = load }, cancellationToken);
            var loaded = (await ReceiveAsync(m => m.ContentCase == Case.FunctionLoadResponse && m.FunctionLoadResponse.FunctionId == function.FunctionId, cancellationToken)).FunctionLoadResponse;
            if (loaded.Result.Status != StatusResult.Types.Status.Success)
            {
                throw new InvalidOperationException($"Function {function.Name} did not load: {loaded.Result.Exception?.Message}");
            }
        }

        return metadata;
    }

    /// <summary>One invocation of a non-HTTP function, with its trigger's input and the host's trace context.</summary>
    public async Task<InvocationResponse> InvokeAsync(RpcFunctionMetadata function, ParameterBinding trigger, IReadOnlyDictionary<string, TypedData> triggerMetadata, string traceParent, CancellationToken cancellationToken)
    {
        var request = NewInvocation(function, traceParent);
        request.InputData.Add(trigger);
        foreach (var (name, value) in triggerMetadata)
        {
            request.TriggerMetadata[name] = value;
        }
        await SendAsync(new StreamingMessage { RequestId = NewId(), InvocationRequest = request }, cancellationToken);
        return await ReceiveInvocationAsync(request.InvocationId, cancellationToken);
    }

    /// <summary>
    /// One HTTP invocation as the host makes it with ASP.NET Core integration: the invocation over gRPC, and the
    /// request itself forwarded to the worker's HTTP address with the invocation id in <c>x-ms-invocation-id</c>.
    /// </summary>
    public async Task<(HttpResponseMessage Response, InvocationResponse Invocation)> InvokeHttpAsync(
        RpcFunctionMetadata function, Uri workerHttp, HttpRequestMessage forwarded, string traceParent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        var request = NewInvocation(function, traceParent);
        var trigger = function.Bindings.Single(b => b.Value.Type == "httpTrigger").Key;
        request.InputData.Add(new ParameterBinding { Name = trigger, Data = new TypedData { Http = new RpcHttp { Method = forwarded.Method.Method, Url = forwarded.RequestUri!.ToString() } } });
        forwarded.RequestUri = new Uri(workerHttp, forwarded.RequestUri.PathAndQuery);
        forwarded.Headers.Add(InvocationHeader, request.InvocationId);

        using var http = new HttpClient();
        var response = http.SendAsync(forwarded, cancellationToken);
        await SendAsync(new StreamingMessage { RequestId = NewId(), InvocationRequest = request }, cancellationToken);
        var invocation = await ReceiveInvocationAsync(request.InvocationId, cancellationToken);
        return (await WithWorker(response, cancellationToken), invocation);
    }

    /// <summary>Tells the worker to stop, as the host does on shutdown.</summary>
    public async Task TerminateAsync(CancellationToken cancellationToken)
    {
        await SendAsync(new StreamingMessage { RequestId = NewId(), WorkerTerminate = new WorkerTerminate() }, cancellationToken);
        await worker.WaitForExitAsync(cancellationToken);
    }

    private static InvocationRequest NewInvocation(RpcFunctionMetadata function, string traceParent) => new()
    {
        InvocationId = Guid.NewGuid().ToString(),
        FunctionId = function.FunctionId,
        TraceContext = new RpcTraceContext { TraceParent = traceParent },
    };

    private async Task<InvocationResponse> ReceiveInvocationAsync(string invocationId, CancellationToken cancellationToken) =>
        (await ReceiveAsync(m => m.ContentCase == Case.InvocationResponse && m.InvocationResponse.InvocationId == invocationId, cancellationToken)).InvocationResponse;

    private Task<StreamingMessage> ReceiveAsync(Case content, CancellationToken cancellationToken) =>
        ReceiveAsync(m => m.ContentCase == content, cancellationToken);

    private Task<StreamingMessage> ReceiveAsync(Func<StreamingMessage, bool> match, CancellationToken cancellationToken) =>
        WithWorker(stream.ReceiveAsync(match, cancellationToken), cancellationToken);

    private async Task SendAsync(StreamingMessage message, CancellationToken cancellationToken)
    {
        await WithWorker(stream.Connected, cancellationToken);
        await stream.SendAsync(message, cancellationToken);
    }

    /// <summary><paramref name="step"/>'s result, or a failure with the worker's output if the worker exits first.</summary>
    private async Task<T> WithWorker<T>(Task<T> step, CancellationToken cancellationToken)
    {
        await WithWorker((Task)step, cancellationToken);
        return await step;
    }

    private async Task WithWorker(Task step, CancellationToken cancellationToken)
    {
        var exited = worker.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(step, exited) == exited && !step.IsCompleted)
        {
            throw new InvalidOperationException($"The worker exited with code {worker.ExitCode}:{Environment.NewLine}{worker.Output}");
        }

        await step;
    }

    private static string NewId() => Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture);
}
