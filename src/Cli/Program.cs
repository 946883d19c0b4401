using Scaler.Cli.Commands;

return await ScalerCommand.Create().Parse(args).InvokeAsync();
