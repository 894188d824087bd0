namespace ScoreNotebooks.Plotting.Tests;

public class ArrowOptionsTests
{
    [Fact]
    public void Defaults_AreLinearByTheMaximum_WithProportionalHeads()
    {
        var options = new ArrowOptions();

        Assert.Equal(ArrowScaling.Linear, options.Scaling);
        Assert.Equal(1.0, options.ReferenceQuantile);
        Assert.Null(options.MaxLength);
        Assert.Equal(0.3, options.HeadFraction);
        Assert.Equal(25.0, options.HeadAngleDegrees);
        Assert.Equal(0, options.ColorBins);
        Assert.Equal(Theme.PaletteColor(0), options.Color);
    }

    [Fact]
    public void OutOfRangeSettings_NameTheProperty()
    {
        Assert.Equal("ReferenceQuantile", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { ReferenceQuantile = 0 }).ParamName);
        Assert.Equal("ReferenceQuantile", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { ReferenceQuantile = double.NaN }).ParamName);
        Assert.Equal("MaxLength", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { MaxLength = -1 }).ParamName);
        Assert.Equal("MaxLength", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { MaxLength = double.PositiveInfinity }).ParamName);
        Assert.Equal("HeadFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { HeadFraction = 1.5 }).ParamName);
        Assert.Equal("HeadAngleDegrees", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { HeadAngleDegrees = 90 }).ParamName);
        Assert.Equal("ColorBins", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { ColorBins = 13 }).ParamName);
        Assert.Equal("Color", Assert.Throws<ArgumentException>(() => new ArrowOptions { Color = "" }).ParamName);
        Assert.Equal("LineWidth", Assert.Throws<ArgumentOutOfRangeException>(() => new ArrowOptions { LineWidth = 0 }).ParamName);
    }
}
