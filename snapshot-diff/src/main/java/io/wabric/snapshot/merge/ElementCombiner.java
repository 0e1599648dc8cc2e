package io.wabric.snapshot.merge;

/**
 * Combines one element of a typed region across forks, in fork order: {@link #start}, {@link #add} per fork,
 * {@link #finish}. Values travel as raw bits (ints zero-extended in a {@code long}).
 */
final class ElementCombiner
{
    private final DataType type;
    private final MergeOp op;
    private final ForkDiff[] forks;
    private final DiffMerger merger;
    private final boolean wide;
    private long offset;
    private long baseBits;
    private int changedCount;
    private long firstChangedBits;
    private long integerSum;
    private double floatSum;
    private long extremeBits;
    private boolean extremeSet;
    private int productShift;
    private long productMask;
    private long productInverse;
    private long productAccumulator;

    ElementCombiner(final MergeRegion region, final ForkDiff[] forks, final DiffMerger merger)
    {
        this.type = region.type();
        this.op = region.op();
        this.forks = forks;
        this.merger = merger;
        this.wide = type.widthBytes() == 8;
    }

    void start(final long baseBits, final long offset)
    {
        this.baseBits = baseBits;
        this.offset = offset;
        changedCount = 0;
        extremeSet = false;
        integerSum = baseBits;
        if (op == MergeOp.PRODUCT && (type == DataType.INT || type == DataType.LONG) && baseBits != 0)
        {
            final int widthBits = wide ? 64 : 32;
            productShift = Long.numberOfTrailingZeros(baseBits);
            productMask = ProductMath.lowMask(widthBits - productShift);
            final long odd = baseBits >>> productShift;
            productInverse = ProductMath.inverse(odd);
            productAccumulator = odd & productMask;
        }
    }

    void add(final int position, final long forkBits, final boolean changed)
    {
        if (op == MergeOp.MAX || op == MergeOp.MIN)
        {
            extreme(forkBits);
            return;
        }
        if (!changed)
        {
            return;
        }
        if (changedCount++ == 0)
        {
            firstChangedBits = forkBits;
        }
        switch (type)
        {
            case INT:
            case LONG:
                if (op == MergeOp.PRODUCT)
                {
                    integerProduct(position, forkBits);
                }
                else
                {
                    integerSum += forkBits - baseBits;
                }
                break;
            case FLOAT:
            case DOUBLE:
                floatStep(position, forkBits);
                break;
            default:
                throw new IllegalStateException("typed merge of " + type);
        }
    }

    private void integerProduct(final int position, final long forkBits)
    {
        if (baseBits == 0)
        {
            merger.reportValue(offset, forks[position].forkIndex(), baseBits, forkBits,
                "product region changed from 0 (0 times anything stays 0)");
            return;
        }
        if (productShift > 0 && (forkBits & ProductMath.lowMask(productShift)) != 0)
        {
            merger.reportValue(offset, forks[position].forkIndex(), baseBits, forkBits,
                "product region value is not a multiple of the base");
            return;
        }
        final long factor = ((forkBits >>> productShift) * productInverse) & productMask;
        productAccumulator = (productAccumulator * factor) & productMask;
    }

    private void floatStep(final int position, final long forkBits)
    {
        final double base = toDouble(baseBits);
        final double value = toDouble(forkBits);
        if (changedCount == 1)
        {
            floatSum = value;
            return;
        }
        if (op == MergeOp.PRODUCT)
        {
            if (base == 0.0)
            {
                merger.reportValue(offset, forks[position].forkIndex(), baseBits, forkBits,
                    "product region changed from 0 by several forks (their factors cannot be recovered)");
                return;
            }
            floatSum = round(floatSum * round(value / base));
        }
        else
        {
            floatSum = round(floatSum + round(value - base));
        }
    }

    private double round(final double value)
    {
        return wide ? value : (float)value;
    }

    private void extreme(final long forkBits)
    {
        if (!extremeSet)
        {
            extremeBits = forkBits;
            extremeSet = true;
            return;
        }
        final boolean max = op == MergeOp.MAX;
        switch (type)
        {
            case INT:
            {
                final int a = (int)extremeBits;
                final int b = (int)forkBits;
                extremeBits = (max ? Math.max(a, b) : Math.min(a, b)) & 0xFFFF_FFFFL;
                break;
            }
            case LONG:
                extremeBits = max ? Math.max(extremeBits, forkBits) : Math.min(extremeBits, forkBits);
                break;
            case FLOAT:
            {
                final float a = Float.intBitsToFloat((int)extremeBits);
                final float b = Float.intBitsToFloat((int)forkBits);
                if (Float.isNaN(a))
                {
                    break;
                }
                extremeBits = Float.isNaN(b) ? forkBits :
                    Float.floatToRawIntBits(max ? Math.max(a, b) : Math.min(a, b)) & 0xFFFF_FFFFL;
                break;
            }
            case DOUBLE:
            {
                final double a = Double.longBitsToDouble(extremeBits);
                final double b = Double.longBitsToDouble(forkBits);
                if (Double.isNaN(a))
                {
                    break;
                }
                extremeBits = Double.isNaN(b) ? forkBits :
                    Double.doubleToRawLongBits(max ? Math.max(a, b) : Math.min(a, b));
                break;
            }
            default:
                throw new IllegalStateException("typed merge of " + type);
        }
    }

    long finish()
    {
        if (op == MergeOp.MAX || op == MergeOp.MIN)
        {
            return extremeSet ? extremeBits : baseBits;
        }
        if (changedCount == 0)
        {
            return baseBits;
        }
        if (changedCount == 1 && (type == DataType.FLOAT || type == DataType.DOUBLE))
        {
            return firstChangedBits;
        }
        switch (type)
        {
            case INT:
            case LONG:
            {
                final long merged = op == MergeOp.PRODUCT ?
                    (baseBits == 0 ? 0 : productAccumulator << productShift) : integerSum;
                return wide ? merged : merged & 0xFFFF_FFFFL;
            }
            case FLOAT:
                return Float.floatToRawIntBits((float)floatSum) & 0xFFFF_FFFFL;
            case DOUBLE:
                return Double.doubleToRawLongBits(floatSum);
            default:
                throw new IllegalStateException("typed merge of " + type);
        }
    }

    private double toDouble(final long bits)
    {
        return wide ? Double.longBitsToDouble(bits) : Float.intBitsToFloat((int)bits);
    }
}
