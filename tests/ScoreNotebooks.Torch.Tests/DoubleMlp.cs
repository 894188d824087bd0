using MathNet.Numerics.LinearAlgebra;
using ScoreNotebooks.ScoreMatching;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch.Tests;

/// <summary>
/// An independent double-precision evaluation of a TorchSharp MLP (Linear, SiLU, …, Linear) from
/// its weights: its output and its exact Jacobian by the chain rule, with no autograd.
/// </summary>
internal sealed class DoubleMlp
{
    private readonly List<(Matrix<double> W, Vector<double> B)> layers = [];

    public DoubleMlp(nn.Module module)
    {
        var parameters = module.named_parameters().ToList();
        for (int i = 0; i < parameters.Count; i += 2)
        {
            Assert.EndsWith("weight", parameters[i].name);
            Assert.EndsWith("bias", parameters[i + 1].name);
            layers.Add((parameters[i].parameter.ToMatrix(), parameters[i + 1].parameter.ToVector()));
        }
    }

    public int Dimension => layers[0].W.ColumnCount;

    public Vector<double> Score(Vector<double> x) => Forward(x).Output;

    public Matrix<double> Jacobian(Vector<double> x) => Forward(x).Jacobian;

    public double Divergence(Vector<double> x) => Forward(x).Jacobian.Trace();

    public Matrix<double> Score(Matrix<double> xs) =>
        Matrix<double>.Build.DenseOfRowVectors(Enumerable.Range(0, xs.RowCount).Select(i => Score(xs.Row(i))));

    /// <summary>The CPU reference's score model with the exact Jacobian trace as its divergence.</summary>
    public FunctionScoreModel AsScoreModel() => new(Dimension, Score, Divergence);

    private (Vector<double> Output, Matrix<double> Jacobian) Forward(Vector<double> x)
    {
        var h = x;
        var jacobian = Matrix<double>.Build.DenseIdentity(x.Count);
        for (int l = 0; l < layers.Count; l++)
        {
            var (w, b) = layers[l];
            var a = w * h + b;
            jacobian = w * jacobian;
            if (l == layers.Count - 1)
                return (a, jacobian);
            var sig = a.Map(v => 1 / (1 + Math.Exp(-v)));
            h = a.PointwiseMultiply(sig);                                        // SiLU(a) = a·σ(a)
            var slope = Vector<double>.Build.Dense(a.Count, i => sig[i] * (1 + a[i] * (1 - sig[i]))); // SiLU'(a)
            jacobian = Matrix<double>.Build.DenseOfDiagonalVector(slope) * jacobian;
        }
        throw new InvalidOperationException("no layers");
    }
}
