using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests;

public class TensorConversionsTests : TorchTest
{
    [Fact]
    public void MatrixRoundTrip_RoundsEachEntryToFloat32Only()
    {
        var m = Matrix<double>.Build.Random(7, 3, 11) * 100;
        using var t = m.ToTensor();
        Assert.Equal([7L, 3L], t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        var back = t.ToMatrix();
        for (int i = 0; i < 7; i++)
        {
            for (int j = 0; j < 3; j++)
                Assert.Equal((double)(float)m[i, j], back[i, j]);
        }
    }

    [Fact]
    public void VectorRoundTrip_RoundsEachEntryToFloat32Only()
    {
        var v = Vector<double>.Build.Dense([1.0 / 3, -2e-8, 12345.678]);
        using var t = v.ToTensor();
        Assert.Equal(v.Select(x => (double)(float)x), t.ToVector());
    }

    [Fact]
    public void ToMatrix_OfAOneDimensionalTensor_ThrowsNamingTheShape()
    {
        using var t = zeros(4);
        var e = Assert.Throws<ArgumentException>(() => t.ToMatrix());
        Assert.Equal("tensor", e.ParamName);
        Assert.Contains("(4)", e.Message);
    }

    [Fact]
    public void ToVector_OfATensorThatRequiresGrad_ReadsItsValues()
    {
        using var t = ones(3, requires_grad: true);
        Assert.Equal([1.0, 1.0, 1.0], t.ToVector());
    }
}
