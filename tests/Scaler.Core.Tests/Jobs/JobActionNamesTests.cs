using System.Text.Json;
using Scaler.Core.Jobs;

namespace Scaler.Core.Tests.Jobs;

public sealed class JobActionNamesTests
{
    [Theory]
    [InlineData(JobAction.Queued)]
    [InlineData(JobAction.InProgress)]
    [InlineData(JobAction.Completed)]
    public void Name_IsTheQueueMessagesSpellingAndParsesBack(JobAction action)
    {
        Assert.Equal($"\"{action.Name()}\"", JsonSerializer.Serialize(action));
        Assert.True(JobActionNames.TryParse(action.Name(), out var parsed));
        Assert.Equal(action, parsed);
    }

    [Theory]
    [InlineData("waiting")]
    [InlineData("Queued")]
    [InlineData(null)]
    public void TryParse_OfAnActionThatNeedsNoRunner_IsFalse(string? name)
    {
        Assert.False(JobActionNames.TryParse(name, out _));
    }
}
