using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ScoreNotebooks.Torch;

/// <summary>
/// Conversions between the CPU reference's MathNet vectors and matrices (double) and this
/// library's tensors (float32): a matrix with one point per row becomes an (n, d) tensor.
/// </summary>
/// <remarks>
/// Going to float32 rounds each entry to the nearest float (relative error ≤ 2⁻²⁴); coming back
/// is exact. Tensors are created on <see cref="TorchDevice.Current"/> unless a device is given,
/// and are read back from any device.
/// </remarks>
public static class TensorConversions
{
    /// <summary>An (n, d) float32 tensor holding the n×d matrix, row by row.</summary>
    /// <param name="matrix">The matrix, one point per row.</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentNullException">matrix is null.</exception>
    public static Tensor ToTensor(this Matrix<double> matrix, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var values = new float[matrix.RowCount * matrix.ColumnCount];
        for (int i = 0; i < matrix.RowCount; i++)
        {
            for (int j = 0; j < matrix.ColumnCount; j++)
                values[i * matrix.ColumnCount + j] = (float)matrix[i, j];
        }
        return tensor(values, [matrix.RowCount, matrix.ColumnCount], ScalarType.Float32, device ?? TorchDevice.Current);
    }

    /// <summary>A one-dimensional float32 tensor of length n holding the vector.</summary>
    /// <param name="vector">The vector.</param>
    /// <param name="device">The device, or null for <see cref="TorchDevice.Current"/>.</param>
    /// <exception cref="ArgumentNullException">vector is null.</exception>
    public static Tensor ToTensor(this Vector<double> vector, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var values = vector.Select(v => (float)v).ToArray();
        return tensor(values, [values.Length], ScalarType.Float32, device ?? TorchDevice.Current);
    }

    /// <summary>The n×d matrix of a two-dimensional tensor of any floating type, on any device.</summary>
    /// <param name="tensor">An (n, d) tensor; it may require grad (its values are read, detached).</param>
    /// <exception cref="ArgumentNullException">tensor is null.</exception>
    /// <exception cref="ArgumentException">The tensor is not two-dimensional (ParamName "tensor").</exception>
    public static Matrix<double> ToMatrix(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 2)
            throw new ArgumentException($"tensor has shape ({string.Join(", ", tensor.shape)}); ToMatrix needs two dimensions (n, d).", nameof(tensor));
        int rows = (int)tensor.shape[0], columns = (int)tensor.shape[1];
        double[] values = Values(tensor);
        return Matrix<double>.Build.Dense(rows, columns, (i, j) => values[i * columns + j]);
    }

    /// <summary>The vector of a one-dimensional tensor of any floating type, on any device.</summary>
    /// <param name="tensor">A tensor of shape (n); it may require grad.</param>
    /// <exception cref="ArgumentNullException">tensor is null.</exception>
    /// <exception cref="ArgumentException">The tensor is not one-dimensional (ParamName "tensor").</exception>
    public static Vector<double> ToVector(this Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() != 1)
            throw new ArgumentException($"tensor has shape ({string.Join(", ", tensor.shape)}); ToVector needs one dimension (n).", nameof(tensor));
        return Vector<double>.Build.DenseOfArray(Values(tensor));
    }

    private static double[] Values(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var flat = tensor.detach().to(ScalarType.Float64, CPU).contiguous();
        return flat.data<double>().ToArray();
    }
}
