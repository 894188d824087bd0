using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel.Tests.Protocol;

public class CodePointsTests
{
    // "a😀b𝒩c": the emoji and 𝒩 are outside the Basic Multilingual Plane, two UTF-16 units each.
    private const string Text = "a\U0001F600b\U0001D4A9c";

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(4, 6)]
    [InlineData(5, 7)]
    public void CodePointPositions_MapToUtf16Indices_AndBack(int codePoints, int utf16)
    {
        Assert.Equal(utf16, CodePoints.ToUtf16(Text, codePoints));
        Assert.Equal(codePoints, CodePoints.FromUtf16(Text, utf16));
    }

    [Fact]
    public void PositionsPastTheEnd_AreClampedToIt()
    {
        Assert.Equal(Text.Length, CodePoints.ToUtf16(Text, 1000));
        Assert.Equal(5, CodePoints.Count(Text));
    }
}
